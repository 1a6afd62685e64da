#!/usr/bin/env bash
# Builds docker/Dockerfile and runs docker/compose.yaml for real, on this machine only:
#   1. installs Docker (Debian's docker.io), Compose, debootstrap and busybox-static if missing,
#      and starts a Docker daemon of its own (own data root and socket in a temporary directory);
#   2. makes the base images locally, since no image registry is used: a Debian rootfs
#      (debootstrap --variant=minbase + openjdk-17-jre-headless, from the machine's own apt
#      mirror) for RUNTIME_IMAGE, and busybox's httpd for the example app;
#   3. builds the image (target "prebuilt", with the jar built here by Maven);
#   4. brings up the compose file and checks, through the published port on 127.0.0.1: the app's
#      200, the proxy's HEALTHCHECK, the classified error page and its access-log line while the
#      app is stopped, recovery once it is back, and that `stop proxy` lets a slow request finish;
#   5. tears all of it down, also on failure.
# The debootstrap rootfs is cached as target/docker-cache/jre-rootfs.tar (delete it to rebuild).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
t0=$(date +%s)

say() { echo "docker test: $*"; }
fail() { echo "docker test: FAIL: $*" >&2; exit 1; }
since() { echo $(( $(date +%s) - $1 )); }

# ---- 1. tools and a daemon of our own ---------------------------------------------------------
missing=()
[ -x /usr/sbin/dockerd ] || missing+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
[ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx httpd || missing+=(busybox-static)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ "${#missing[@]}" -gt 0 ]; then
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Debian's client, whatever other docker is first on the PATH.
docker() { /usr/bin/docker "$@"; }
compose() { docker-compose -p "$project" -f "$repo/docker/compose.yaml" "$@"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/telltale-docker.XXXXXX")
export DOCKER_HOST="unix://$work/docker.sock"
project="telltaletest$$"
dockerd_pid=""
forward=$(cat /proc/sys/net/ipv4/ip_forward)
cleanup() {
    local rc=$?
    set +e
    if [ -n "$dockerd_pid" ]; then
        if [ "$rc" != 0 ]; then
            say "logs of the failed run:"
            compose logs --no-color 2>&1 | tail -n 60
        fi
        compose down --volumes --remove-orphans -t 5 >/dev/null 2>&1
        docker ps -aq | xargs -r /usr/bin/docker rm -f >/dev/null 2>&1
        kill "$dockerd_pid" 2>/dev/null
        for _ in $(seq 1 100); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$dockerd_pid" 2>/dev/null
        wait "$dockerd_pid" 2>/dev/null
    fi
    # Whatever the daemon left mounted under its directories.
    grep -o " $work/[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m"; done
    rm -rf "$work"
    echo "$forward" > /proc/sys/net/ipv4/ip_forward
    say "finished in $(since "$t0")s (exit $rc)"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$work/data" "$work/exec"
# Nothing leaves the machine: no iptables rules, no NAT, no default docker0 bridge, and no IP
# forwarding while this runs (restored afterwards), so a container's packets for any address
# outside its own bridge network -- such as Docker's DNS forwarding a name it does not know to
# the host's resolver -- go nowhere. Ports are published on 127.0.0.1 by the userland proxy.
echo 0 > /proc/sys/net/ipv4/ip_forward
/usr/sbin/dockerd --data-root "$work/data" --exec-root "$work/exec" --pidfile "$work/dockerd.pid" \
    --host "$DOCKER_HOST" --iptables=false --ip6tables=false --ip-masq=false --ip-forward=false \
    --bridge=none --userland-proxy=true \
    > "$work/dockerd.log" 2>&1 &
dockerd_pid=$!
for _ in $(seq 1 150); do docker version >/dev/null 2>&1 && break; sleep 0.2; done
docker version >/dev/null 2>&1 || { tail -n 30 "$work/dockerd.log"; fail "dockerd did not start"; }
say "dockerd $(docker version -f '{{.Server.Version}}') up, compose $(docker-compose version --short)"

# ---- 2. base images ---------------------------------------------------------------------------
# The Debian mirror and suite this machine already uses (read here, written nowhere).
. /etc/os-release
suite=${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}
mirror=$(
    {
        if [ -f /etc/apt/sources.list ]; then cat /etc/apt/sources.list; fi
        for f in /etc/apt/sources.list.d/*.list; do if [ -f "$f" ]; then cat "$f"; fi; done
    } | awk -v s="$suite" '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                                       if ($(i + 1) == s) { print $i; exit } }'
)
if [ -z "$mirror" ]; then
    mirror=$(for f in /etc/apt/sources.list.d/*.sources; do if [ -f "$f" ]; then cat "$f"; echo; fi; done |
        awk -v s="$suite" 'BEGIN { on = 1 }
            /^[ \t]*$/ { if (uris != "" && ok && on) { print uris; exit } uris = ""; ok = 0; on = 1; next }
            tolower($1) == "uris:" { uris = $2 }
            tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == s) ok = 1 }
            tolower($1) == "enabled:" && tolower($2) == "no" { on = 0 }
            END { if (uris != "" && ok && on) print uris }' | head -n 1)
fi
[ -n "$mirror" ] || fail "no apt source for $suite in /etc/apt/sources.list(.d)"

cache="$repo/target/docker-cache"
mkdir -p "$cache"
rootfs_tar="$cache/jre-rootfs.tar"
if [ ! -s "$rootfs_tar" ]; then
    t=$(date +%s)
    say "debootstrap $suite (minbase + openjdk-17-jre-headless) from the machine's apt mirror"
    rootfs="$work/rootfs"
    debootstrap --variant=minbase --include=openjdk-17-jre-headless "$suite" "$rootfs" "$mirror" \
        > "$work/debootstrap.log" 2>&1 || { tail -n 30 "$work/debootstrap.log"; fail "debootstrap failed"; }
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
        "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/* "$rootfs"/tmp/*
    tar --numeric-owner -C "$rootfs" -cf "$rootfs_tar.part" .
    mv "$rootfs_tar.part" "$rootfs_tar"
    rm -rf "$rootfs"
    say "rootfs made in $(since "$t")s ($(du -h "$rootfs_tar" | cut -f1))"
fi
docker import "$rootfs_tar" telltale-test/jre:17 >/dev/null
# busybox: one static binary and its applets; the example app is its httpd.
bb="$work/busybox"
mkdir -p "$bb/bin" "$bb/tmp" "$bb/www"
cp /bin/busybox "$bb/bin/busybox"
for applet in $(/bin/busybox --list); do [ "$applet" = busybox ] || ln -s busybox "$bb/bin/$applet"; done
tar --numeric-owner -C "$bb" -cf - . | docker import - telltale-test/busybox:local >/dev/null
say "base images imported"

# ---- 3. the image -----------------------------------------------------------------------------
# A container here reaches no registry (no NAT), so Maven cannot run inside the build: the
# "prebuilt" target takes the jar that ./proxy builds on the host when it is missing or stale.
./proxy --version >/dev/null
t=$(date +%s)
DOCKER_BUILDKIT=0 docker build -q --network none -f docker/Dockerfile --target prebuilt \
    --build-arg RUNTIME_IMAGE=telltale-test/jre:17 --build-arg BUILD_IMAGE=telltale-test/jre:17 \
    -t telltale-test/telltale:local . >/dev/null
say "image built in $(since "$t")s"
[ "$(docker image inspect -f '{{.Config.User}}' telltale-test/telltale:local)" = "10001:10001" ] \
    || fail "the image does not run as the non-root user"
# (docker run warns that IPv4 forwarding is off: that is on purpose, see above.)
[ "$(docker run --rm --entrypoint id telltale-test/telltale:local -un 2>"$work/run.err")" = telltale ] \
    || { cat "$work/run.err"; fail "no telltale user"; }
docker run --rm telltale-test/telltale:local --version 2>"$work/run.err" | grep -q '^telltale ' \
    || { cat "$work/run.err"; fail "--version in the image"; }

# ---- 4. compose -------------------------------------------------------------------------------
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
export APP_IMAGE=telltale-test/busybox:local TELLTALE_IMAGE=telltale-test/telltale:local \
    PROXY_PUBLISH="127.0.0.1:$port"
unset APP_TARGET
base="http://127.0.0.1:$port"
t=$(date +%s)
compose up -d --no-build >"$work/up.log" 2>&1 || { cat "$work/up.log"; fail "compose up"; }
proxy_id=$(compose ps -q proxy)
app_id=$(compose ps -q app)

# The proxy's own HEALTHCHECK (java -jar telltale.jar healthcheck inside the container).
health=""
for _ in $(seq 1 90); do
    health=$(docker inspect -f '{{.State.Health.Status}}' "$proxy_id")
    [ "$health" = healthy ] && break
    sleep 1
done
[ "$health" = healthy ] || { docker inspect -f '{{json .State.Health}}' "$proxy_id"; fail "proxy is $health, not healthy"; }
say "app healthy, proxy healthy $(since "$t")s after compose up"

status=$(curl -s -o "$work/body" -w '%{http_code}' "$base/")
[ "$status" = 200 ] || fail "GET / through the proxy gave $status"
grep -q 'Hello from the example app' "$work/body" || fail "not the app's page"
say "GET / -> 200 from the app"

# The app's container stops: the next request gets the proxy's classified answer.
compose stop -t 2 app >/dev/null 2>&1
rid="dockertest-down-$$"
status=$(curl -s -o "$work/down.body" -D "$work/down.headers" -H "X-Request-Id: $rid" -H 'Accept: text/html' \
    -w '%{http_code}' "$base/")
failure=$(sed -n 's/^[Pp]roxy-[Ss]tatus: telltale; error=\([a-z_]*\).*/\1/p' "$work/down.headers" | tr -d '\r')
# Which class depends on the network: Docker's DNS drops the stopped container's name and
# forwards the question to the host's resolver, which answers NXDOMAIN (502 dns_error) where the
# containers can reach it, and never where they cannot, as in this test (504 dns_timeout). A
# connection to the old address still cached from before (at most 5s) fails on its own.
case "$status/$failure" in
    502/dns_error | 504/dns_timeout | 502/connection_refused | 504/connection_timeout | 502/destination_ip_unroutable) ;;
    *) cat "$work/down.headers"; fail "app stopped: expected a DNS or connect failure, got $status $failure" ;;
esac
grep -q "$rid" "$work/down.body" || fail "the error page does not show the request ID"
grep -qi "^x-request-id: $rid" "$work/down.headers" || fail "no X-Request-Id header"
line=""
for _ in $(seq 1 25); do
    line=$(compose logs --no-color proxy 2>/dev/null | grep "\"request_id\":\"$rid\"" || true)
    [ -n "$line" ] && break
    sleep 0.2
done
[ -n "$line" ] || fail "no access-log line with request ID $rid in compose logs proxy"
echo "$line" | grep -q "\"failure\":\"$failure\"" || { echo "$line"; fail "the log line does not name $failure"; }
say "app stopped -> $status $failure; compose logs proxy: ${line#*| }"

# The app comes back: how long until requests succeed again.
t=$(date +%s%N)
compose start app >/dev/null 2>&1
recovered=""
for _ in $(seq 1 300); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/")" = 200 ]; then recovered=yes; break; fi
    sleep 0.1
done
ms=$(( ($(date +%s%N) - t) / 1000000 ))
[ -n "$recovered" ] || fail "requests did not succeed within 30s of the app's start"
say "app started again -> 200 after ${ms}ms (from 'compose start app')"

# Stop the proxy during a slow request: SIGTERM drains, the request finishes.
curl -s -o "$work/slow.body" -w '%{http_code}' "$base/cgi-bin/slow?4" > "$work/slow.status" &
curl_pid=$!
sleep 1.5
t=$(date +%s)
compose stop proxy >/dev/null 2>&1
stopped=$(since "$t")
wait "$curl_pid" || true
[ "$(cat "$work/slow.status")" = 200 ] || fail "slow request during stop gave $(cat "$work/slow.status")"
grep -q 'slow answer after 4s' "$work/slow.body" || fail "slow request body: $(cat "$work/slow.body")"
code=$(docker inspect -f '{{.State.ExitCode}}' "$proxy_id")
[ "$code" = 0 ] || fail "proxy exited $code after SIGTERM"
compose logs --no-color proxy 2>/dev/null | grep -q 'draining 1 request' || fail "no drain line in the proxy's log"
[ "$stopped" -lt 30 ] || fail "stop took ${stopped}s: the drain did not end when the request did"
say "compose stop proxy during a 4s request: it finished with 200, proxy exited 0 after ${stopped}s"

echo "docker-test: 6 passed, 0 failed"
