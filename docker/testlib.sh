# Shared by docker/test.sh and docker/causes-test.sh (sourced, not run): the packages they need,
# a Docker daemon of the test's own, the base images and the Telltale image, the bookkeeping of
# checks, and a cleanup that also runs on failure.
#
# A daemon of our own: own data root, exec root and socket in a temporary directory, no
# iptables, no NAT, no default bridge, and IP forwarding off while the test runs (restored
# afterwards), so nothing a container sends leaves the machine. Ports are published on 127.0.0.1
# by Docker's userland proxy. It runs with --live-restore, so that the test can stop and start it
# under running containers.
#
# No image registry is used: the base images are made here, two Debian rootfs from the machine's
# own apt mirror (debootstrap --variant=minbase, for the runtime like debian:bookworm-slim, and
# the same + openjdk-17-jdk-headless and binutils, whose jlink, jmods and objcopy (for
# --strip-debug, as in eclipse-temurin's JDK) make the image's runtime; cached as
# target/docker-cache/{slim,jdk}-rootfs.tar, delete them to rebuild) and busybox-static's applets.

say() { echo "docker test: $*"; }
since() { echo $(( $(date +%s) - $1 )); }
# Ends the check in progress (or, outside one, the whole test); on_failure, when a check defines
# it, prints what explains the failure.
fail() {
    echo "docker test: FAIL: $*" >&2
    if declare -F on_failure >/dev/null; then on_failure >&2 || true; fi
    if [ -n "${work:-}" ] && [ -d "$work" ]; then touch "$work/reported"; fi
    exit 1
}
pass() { say "$*"; echo >> "$work/passed"; }

# Debian's client, whatever other docker is first on the PATH.
docker() { /usr/bin/docker "$@"; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# json FIELD.PATH < line: one field of a JSON line; null when absent, JSON for non-strings.
json() {
    python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
for k in sys.argv[1].split("."):
    d = d.get(k) if isinstance(d, dict) else None
print("null" if d is None else d if isinstance(d, str) else json.dumps(d))' "$1"
}

# wait_for SECONDS COMMAND...: runs COMMAND every 0.2 s until it succeeds; false at the deadline.
wait_for() {
    local deadline=$(( $(date +%s%N) + $1 * 1000000000 ))
    shift
    until "$@"; do
        [ "$(date +%s%N)" -lt "$deadline" ] || return 1
        sleep 0.2
    done
}

# expect_json LINE FIELD VALUE...: each FIELD (a dotted path) of the JSON LINE is VALUE.
expect_json() {
    local line=$1 field want got
    shift
    while [ "$#" -gt 1 ]; do
        field=$1 want=$2
        shift 2
        got=$(printf '%s' "$line" | json "$field")
        [ "$got" = "$want" ] || { echo "$line" >&2; fail "$field is $got, expected $want"; }
    done
}

# only FILTER... < lines: the lines that contain every FILTER (a fixed string); never fails.
only() {
    local out f
    out=$(cat)
    for f in "$@"; do out=$(printf '%s\n' "$out" | grep -F -- "$f" || true); done
    [ -z "$out" ] || printf '%s\n' "$out"
}

# expect_keys LINE FIELD KEY...: the object FIELD of the JSON LINE ("" for the line itself) has
# exactly these keys.
expect_keys() {
    local line=$1 field=$2 got want
    shift 2
    want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
    got=$(printf '%s' "$line" | python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
for k in [k for k in sys.argv[1].split(".") if k]:
    d = d.get(k) if isinstance(d, dict) else None
print(" ".join(sorted(d)) if isinstance(d, dict) else "(not an object)")' "$field")
    [ "$got " = "$want" ] || { echo "$line" >&2; fail "${field:-the line} has keys: $got; expected: $want"; }
}

# compact_json < file: the same JSON on one line without spaces, for grep.
compact_json() {
    python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin), separators=(",", ":")))'
}

# request OUT URL [CURL ARGS...]: OUT.headers, OUT.body; prints "STATUS SECONDS".
request() {
    local out=$1 url=$2
    shift 2
    curl -s --max-time 30 -o "$out.body" -D "$out.headers" -w '%{http_code} %{time_total}\n' "$@" "$url" || true
}
# code_of CURL ARGS...: the status alone (000 when nothing answered).
code_of() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@" || true; }
header() { tr -d '\r' < "$2.headers" | sed -n "s/^$1: //Ip" | sed -n 1p; }
# Proxy-Status's error and details.
proxy_error() { header Proxy-Status "$1" | sed -n 's/^telltale; error=\([a-z_]*\).*/\1/p'; }
proxy_details() { header Proxy-Status "$1" | sed -n 's/.*details="\(.*\)"$/\1/p'; }
under() { awk -v s="$1" -v max="$2" 'BEGIN { exit !(s < max) }'; }

# start_container ARGS...: docker run -d, quiet unless it fails (it warns that IP forwarding is
# off, which is on purpose).
start_container() {
    docker run -d "$@" > /dev/null 2> "$work/run.err" || { cat "$work/run.err" >&2; return 1; }
}

# Host processes the test starts (a proxy, HAProxy): stopped by the cleanup.
track_pid() { echo "$1" >> "$work/pids"; }

# ---- 1. packages and a daemon of our own -------------------------------------------------------
install_packages() {
    local missing=()
    [ -x /usr/sbin/dockerd ] || missing+=(docker.io)
    command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
    command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
    [ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx httpd || missing+=(busybox-static)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
    if [ "${#missing[@]}" -gt 0 ]; then
        say "installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

start_dockerd() {
    /usr/sbin/dockerd --data-root "$work/data" --exec-root "$work/exec" --pidfile "$work/dockerd.pid" \
        --host "$DOCKER_HOST" --iptables=false --ip6tables=false --ip-masq=false --ip-forward=false \
        --bridge=none --userland-proxy=true --live-restore \
        >> "$work/dockerd.log" 2>&1 &
    echo $! > "$work/dockerd.shell-pid"
    wait_for 30 docker version >/dev/null 2>&1 || { tail -n 30 "$work/dockerd.log"; fail "dockerd did not start"; }
}

# With --live-restore the containers keep running; their published ports close until it is back.
stop_dockerd() {
    local pid
    pid=$(cat "$work/dockerd.shell-pid" 2>/dev/null) || return 0
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$work/dockerd.shell-pid"
}
dockerd_running() { [ -f "$work/dockerd.shell-pid" ] && kill -0 "$(cat "$work/dockerd.shell-pid")" 2>/dev/null; }

cleanup() {
    local rc=$?
    set +e
    if [ -f "$work/pids" ]; then
        while read -r pid; do kill "$pid" 2>/dev/null; done < "$work/pids"
        sleep 0.5
        while read -r pid; do kill -9 "$pid" 2>/dev/null; done < "$work/pids"
    fi
    if [ -f "$work/dockerd.shell-pid" ] || [ -d "$work/data/containers" ]; then
        # A check may have left the daemon stopped under live containers: back, to remove them.
        dockerd_running || (start_dockerd) >/dev/null 2>&1
        if declare -F before_daemon_stops >/dev/null; then before_daemon_stops; fi
        docker ps -aq | xargs -r /usr/bin/docker rm -f >/dev/null 2>&1
        docker network prune -f >/dev/null 2>&1
        stop_dockerd
    fi
    # Whatever the daemon left mounted under its directories.
    grep -o " $work/[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m"; done
    rm -rf "$work"
    echo "$forward" > /proc/sys/net/ipv4/ip_forward
    say "finished in $(since "$t0")s (exit $rc)"
    exit "$rc"
}

# Sets work, DOCKER_HOST and the cleanup trap, starts the daemon.
setup_daemon() {
    install_packages
    work=$(mktemp -d "${TMPDIR:-/tmp}/telltale-docker.XXXXXX")
    export DOCKER_HOST="unix://$work/docker.sock"
    forward=$(cat /proc/sys/net/ipv4/ip_forward)
    : > "$work/passed"
    : > "$work/failed"
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    mkdir -p "$work/data" "$work/exec"
    echo 0 > /proc/sys/net/ipv4/ip_forward
    start_dockerd
    say "dockerd $(docker version -f '{{.Server.Version}}') up, compose $(docker-compose version --short)"
}

# ---- 2. base images ---------------------------------------------------------------------------
apt_mirror() {
    # The Debian mirror and suite this machine already uses (read here, written nowhere).
    local mirror
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
    echo "$mirror"
}

# debian_rootfs NAME [PACKAGE...]: target/docker-cache/NAME-rootfs.tar, a minbase Debian with
# PACKAGE, made once.
debian_rootfs() {
    local name=$1 rootfs_tar="$repo/target/docker-cache/$1-rootfs.tar" t mirror rootfs suite include
    shift
    [ ! -s "$rootfs_tar" ] || return 0
    t=$(date +%s)
    suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
    [ -n "$suite" ] || fail "no VERSION_CODENAME in /etc/os-release"
    mirror=$(apt_mirror)
    [ -n "$mirror" ] || fail "no apt source for $suite in /etc/apt/sources.list(.d)"
    include=$(IFS=,; echo "$*")
    say "debootstrap $suite (minbase${include:+ + $include}) from the machine's apt mirror"
    rootfs="$work/rootfs-$name"
    debootstrap --variant=minbase ${include:+"--include=$include"} "$suite" "$rootfs" "$mirror" \
        > "$work/debootstrap-$name.log" 2>&1 || { tail -n 30 "$work/debootstrap-$name.log"; fail "debootstrap failed"; }
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
        "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/* "$rootfs"/tmp/*
    tar --numeric-owner -C "$rootfs" -cf "$rootfs_tar.part" .
    mv "$rootfs_tar.part" "$rootfs_tar"
    rm -rf "$rootfs"
    say "$name rootfs made in $(since "$t")s ($(du -h "$rootfs_tar" | cut -f1))"
}

import_base_images() {
    local bb
    mkdir -p "$repo/target/docker-cache"
    debian_rootfs slim
    debian_rootfs jdk openjdk-17-jdk-headless binutils
    docker import "$repo/target/docker-cache/slim-rootfs.tar" telltale-test/slim:local >/dev/null
    docker import "$repo/target/docker-cache/jdk-rootfs.tar" telltale-test/jdk:17 >/dev/null
    # busybox: one static binary and its applets; the example apps are its httpd and shell.
    bb="$work/busybox"
    mkdir -p "$bb/bin" "$bb/tmp" "$bb/www"
    chmod 1777 "$bb/tmp"
    cp /bin/busybox "$bb/bin/busybox"
    for applet in $(/bin/busybox --list); do [ "$applet" = busybox ] || ln -s busybox "$bb/bin/$applet"; done
    tar --numeric-owner -C "$bb" -cf - . | docker import - telltale-test/busybox:local >/dev/null
    rm -rf "$bb"
    say "base images imported"
}

# ---- 3. the image -----------------------------------------------------------------------------
# A container here reaches no registry (no NAT), so Maven cannot run inside the build: the
# "prebuilt" target takes the jar that ./proxy builds on the host when it is missing or stale.
# The host-side checks run a copy of that jar, the one in the image.
build_telltale_image() {
    local t
    ./proxy --version >/dev/null
    cp target/telltale.jar "$work/telltale.jar"
    t=$(date +%s)
    DOCKER_BUILDKIT=0 docker build -q --network none -f docker/Dockerfile --target prebuilt \
        --build-arg RUNTIME_IMAGE=telltale-test/slim:local --build-arg JDK_IMAGE=telltale-test/jdk:17 \
        --build-arg BUILD_IMAGE=telltale-test/jdk:17 --build-arg VERSION="$(./proxy --version | awk '{ print $2 }')" \
        --build-arg REVISION="$(git rev-parse HEAD 2>/dev/null || echo unknown)" \
        -t telltale-test/telltale:local . >/dev/null
    say "image built in $(since "$t")s"
}

# All of it, for either script.
setup_all() {
    setup_daemon
    import_base_images
    build_telltale_image
}

# check NAME FUNCTION: runs FUNCTION in a subshell, so that a failed expectation ends that check
# and the test goes on with the next; counted in the final line. A command that fails outside
# `fail` is reported too.
check() {
    local name=$1 rc
    shift
    rm -f "$work/reported"
    set +e
    (
        set -e
        trap 'rc=$?
              if [ "$rc" != 0 ] && [ ! -f "$work/reported" ]; then
                  echo "docker test: FAIL: \`$BASH_COMMAND\` exited $rc" >&2
                  if declare -F on_failure >/dev/null; then on_failure >&2 || true; fi
              fi' EXIT
        "$@"
    )
    rc=$?
    set -e
    if [ "$rc" != 0 ]; then
        echo >> "$work/failed"
        say "$name: FAILED"
    fi
}

summary() {
    local passed failed
    passed=$(wc -l < "$work/passed")
    failed=$(wc -l < "$work/failed")
    echo "docker-test: $passed passed, $failed failed"
    [ "$failed" = 0 ]
}
