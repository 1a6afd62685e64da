#!/usr/bin/env bash
# Builds docker/Dockerfile and runs Telltale in Docker for real, on this machine only:
#   1. installs Docker (Debian's docker.io), Compose, debootstrap, busybox-static and HAProxy if
#      missing, and starts a Docker daemon of its own (docker/testlib.sh);
#   2. makes the base images locally, since no image registry is used, and builds the image
#      (target "prebuilt", with the jar built here by Maven);
#   3. brings up docker/compose.yaml with the deploy hold off (RETRY_HOLD=0), the proxy reading
#      the app container's state through the mounted socket, and checks through the published port
#      on 127.0.0.1: the app's 200, the proxy's HEALTHCHECK, the immediate 503
#      destination_unavailable naming the stopped container (page, Proxy-Status and access-log
#      line), recovery once it is back, and that `stop proxy` lets a slow request finish;
#   4. recreates the proxy with the shipped hold (RETRY_HOLD=10s) and restarts the app three times
#      under steady load (GETs and small POSTs): every request must get a 2xx; then a request to
#      the stopped app is held the whole 10 s and answered 503, saying so;
#   5. runs docker/causes-test.sh on the same daemon and images: the causes the proxy names from
#      the container's state (OOM kill, crash loop, failing health check, loopback binding, wrong
#      port), the proxy on the host behind a published port, `doctor`, the daemon going away and
#      coming back, and the Docker API through an allow-listing socket proxy;
#   6. runs docker/memory-test.sh: the image under --memory 512m (the limit of
#      docker/kubernetes.yaml) streams 4.1 GiB of large downloads and uploads at once, slow and
#      stalled readers among them, each with every byte, and is neither killed nor restarted;
#      it reports the container's peak memory;
#   7. tears all of it down, also on failure.
# A failed expectation ends its check and prints the logs that explain it; the other checks
# still run. The last line counts them.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
t0=$(date +%s)
. docker/testlib.sh
. docker/causes-test.sh
. docker/memory-test.sh

compose() { docker-compose -p "$project" -f "$repo/docker/compose.yaml" "$@"; }
project="telltaletest$$"
before_daemon_stops() { compose down --volumes --remove-orphans -t 5 >/dev/null 2>&1; }

setup_all
[ "$(docker image inspect -f '{{.Config.User}}' telltale-test/telltale:local)" = "10001:10001" ] \
    || fail "the image does not run as the non-root user"
# (docker run warns that IPv4 forwarding is off: that is on purpose, see docker/testlib.sh.)
[ "$(docker run --rm --entrypoint id telltale-test/telltale:local -un 2>"$work/run.err")" = telltale ] \
    || { cat "$work/run.err"; fail "no telltale user"; }
docker run --rm telltale-test/telltale:local --version 2>"$work/run.err" | grep -q '^telltale ' \
    || { cat "$work/run.err"; fail "--version in the image"; }
pass "image runs as telltale (10001), --version answers"
# The OCI labels, the version and revision from the build arguments.
labels() { docker image inspect -f "{{index .Config.Labels \"org.opencontainers.image.$1\"}}" telltale-test/telltale:local; }
[ "$(labels title)" = Telltale ] || fail "OCI label title is \"$(labels title)\""
[ -n "$(labels description)" ] || fail "no OCI label description"
[ "$(labels version)" = "$(./proxy --version | awk '{ print $2 }')" ] || fail "OCI label version is \"$(labels version)\""
[ "$(labels revision)" = "$(git rev-parse HEAD 2>/dev/null || echo unknown)" ] || fail "OCI label revision is \"$(labels revision)\""
# Exec form, no shell between Docker and the JVM, which takes its options from the environment.
[ "$(docker image inspect -f '{{json .Config.Entrypoint}}' telltale-test/telltale:local)" = '["java","-jar","/opt/telltale/telltale.jar"]' ] \
    || fail "entrypoint is $(docker image inspect -f '{{json .Config.Entrypoint}}' telltale-test/telltale:local)"
pass "OCI labels (title, description, version $(labels version), revision), exec-form entrypoint"

# ---- compose, the deploy hold off -------------------------------------------------------------
# proxy_logs [FILTER...]: the proxy's log lines (access log, container events), those with each FILTER.
proxy_logs() { { compose logs --no-color proxy 2>/dev/null || true; } | sed 's/^[^|]*| //' | only "$@"; }

# With RETRY_HOLD=0, so that a stopped or starting app is answered at once: what a client sees
# when the proxy does not wait (the hold's own checks follow).
compose_checks() {
    on_failure() { say "logs of the failed run:"; compose logs --no-color 2>&1 | tail -n 60; }
    local base="http://$PROXY_PUBLISH" t proxy_id app_id health status secs rid failure line code app_name \
        details ms recovered event
    t=$(date +%s)
    RETRY_HOLD=0 compose up -d --no-build >"$work/up.log" 2>&1 || { cat "$work/up.log"; fail "compose up"; }
    proxy_id=$(compose ps -q proxy)
    app_id=$(compose ps -q app)
    app_name=$(docker inspect -f '{{.Name}}' "$app_id")
    app_name=${app_name#/}

    # The proxy's own HEALTHCHECK (bash's GET /healthz inside the container).
    health=""
    for _ in $(seq 1 90); do
        health=$(docker inspect -f '{{.State.Health.Status}}' "$proxy_id")
        [ "$health" = healthy ] && break
        sleep 1
    done
    [ "$health" = healthy ] || { docker inspect -f '{{json .State.Health}}' "$proxy_id" >&2; fail "proxy is $health, not healthy"; }
    pass "app healthy, proxy healthy $(since "$t")s after compose up"

    read -r status secs < <(request "$work/up" "$base/")
    [ "$status" = 200 ] || fail "GET / through the proxy gave $status"
    grep -q 'Hello from the example app' "$work/up.body" || fail "not the app's page"
    pass "GET / -> 200 from the app"

    # The app's container stops. Without the Docker source this was a 10 s dns_timeout (Docker's
    # DNS forgets a stopped container's name); with it the proxy knows, once Docker's die event
    # reached it, and answers at once. The client comes through Docker's userland proxy, from the
    # bridge's gateway, so it gets safe detail: no container name in what it sees.
    compose stop -t 2 app >/dev/null 2>&1
    code=$(docker inspect -f '{{.State.ExitCode}}' "$app_id")
    died() { [ -n "$(proxy_logs '"type":"container"' "\"container\":\"$app_name\"" '"action":"die"' "\"exit_code\":$code")" ]; }
    wait_for 5 died || fail "no container event {\"action\":\"die\",\"exit_code\":$code} for $app_name in the proxy's access log within 5s"
    rid="dockertest-down-$$"
    read -r status secs < <(request "$work/down" "$base/" -H "X-Request-Id: $rid" -H 'Accept: text/html')
    failure=$(proxy_error "$work/down")
    [ "$status/$failure" = 503/destination_unavailable ] \
        || { cat "$work/down.headers" >&2; fail "app stopped: expected 503 destination_unavailable, got $status $failure"; }
    under "$secs" 1.0 || fail "app stopped: the answer took ${secs}s, not under 1s"
    details=$(proxy_details "$work/down")
    case "$details" in
        "container stopped "*", exit $code"*) ;;
        *) cat "$work/down.headers" >&2; fail "app stopped: Proxy-Status details \"$details\", expected \"container stopped Ns ago, exit $code; ...\"" ;;
    esac
    if grep -qi -- "$app_name" "$work/down.headers" "$work/down.body"; then
        cat "$work/down.headers" >&2; fail "the safe-detail answer names the container $app_name"
    fi
    [ -z "$(header Retry-After "$work/down")" ] || fail "a stopped container's 503 has Retry-After: $(header Retry-After "$work/down")"
    grep -q "$rid" "$work/down.body" || fail "the error page does not show the request ID"
    [ "$(header X-Request-Id "$work/down")" = "$rid" ] || fail "no X-Request-Id header"
    line=""
    wait_for 5 eval 'line=$(proxy_logs "\"request_id\":\"$rid\"" | tail -n 1); [ -n "$line" ]' \
        || fail "no access-log line with request ID $rid in compose logs proxy"
    expect_json "$line" failure destination_unavailable attempts 0 container.name "$app_name" \
        container.service app container.state exited container.exit_code "$code" container.oom_killed false
    expect_keys "$line" container name service state exit_code oom_killed restarts_15m health since image \
        health_output cause
    event=$(proxy_logs '"type":"container"' "\"container\":\"$app_name\"" '"action":"die"' | tail -n 1)
    expect_keys "$event" "" ts type container service id action exit_code health signal
    expect_json "$event" service app
    echo "$event" | grep -Eq '"id":"[0-9a-f]{12}"' || fail "the die event's id is not 12 hex digits: $event"
    [ -n "$(proxy_logs '"type":"container"' "\"container\":\"$app_name\"" '"action":"kill"' '"signal":"15"')" ] \
        || fail "no kill event with signal 15 for $app_name in the proxy's log"
    pass "app stopped (exit $code) -> 503 destination_unavailable in ${secs}s, details=\"$details\"; log: container $(echo "$line" | json container.state), exit_code $(echo "$line" | json container.exit_code)"

    # The app comes back: how long until requests succeed again. Until its health check passes
    # (every 5s) it is "starting", answered at once with 503 and Retry-After.
    t=$(date +%s%N)
    compose start app >/dev/null 2>&1
    started() { [ -n "$(proxy_logs '"type":"container"' "\"container\":\"$app_name\"" '"action":"start"')" ]; }
    wait_for 5 started || fail "no container event {\"action\":\"start\"} for $app_name in the proxy's access log within 5s"
    rid="dockertest-starting-$$"
    read -r status secs < <(request "$work/starting" "$base/" -H "X-Request-Id: $rid")
    wait_for 5 eval 'line=$(proxy_logs "\"request_id\":\"$rid\"" | tail -n 1); [ -n "$line" ]' \
        || fail "no access-log line with request ID $rid in compose logs proxy"
    [ "$status/$(proxy_error "$work/starting")" = 503/destination_unavailable ] \
        || { cat "$work/starting.headers" >&2; echo "$line" >&2; fail "app starting: expected 503 destination_unavailable, got $status"; }
    [ "$(header Retry-After "$work/starting")" = 5 ] || { cat "$work/starting.headers" >&2; fail "app starting: no Retry-After: 5"; }
    expect_json "$line" attempts 0 container.state running container.health starting
    pass "app starting (health check not passed yet) -> 503 destination_unavailable in ${secs}s with Retry-After: 5"
    recovered=""
    for _ in $(seq 1 300); do
        if [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/")" = 200 ]; then recovered=yes; break; fi
        sleep 0.1
    done
    ms=$(( ($(date +%s%N) - t) / 1000000 ))
    [ -n "$recovered" ] || fail "requests did not succeed within 30s of the app's start"
    pass "app started again -> 200 after ${ms}ms (from 'compose start app'; its health check runs every 5s)"

    # Stop the proxy during a slow request: SIGTERM drains, the request finishes.
    local curl_pid stopped
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
    [ -n "$(proxy_logs 'draining 1 request')" ] || fail "no drain line in the proxy's log"
    [ "$stopped" -lt 30 ] || fail "stop took ${stopped}s: the drain did not end when the request did"
    pass "compose stop proxy during a 4s request: it finished with 200, proxy exited 0 after ${stopped}s"
}

# ---- compose, the deploy hold on (the shipped default) ----------------------------------------
# load_client N BASE: one client of the steady load, until $work/load.stop exists: a GET of the
# page and a small POST to the app's CGI, on one connection to the proxy, then a short pause.
# One line per request in $work/load.N: "STATUS SECONDS METHOD" (000: no answer).
load_client() {
    local out="$work/load.$1" base=$2
    : > "$out"
    while [ -d "$work" ] && [ ! -e "$work/load.stop" ]; do
        curl -s --max-time 30 -o /dev/null -w '%{http_code} %{time_total} GET\n' "$base/" \
            --next -s --max-time 30 -o /dev/null -w '%{http_code} %{time_total} POST\n' --data x \
            "$base/cgi-bin/slow?0" >> "$out" 2>/dev/null || true
        sleep 0.05
    done
}

# What explains a failed hold check: the app's container events as the proxy logged them, and
# every access-log line that is not a 2xx.
hold_failure_logs() {
    touch "$work/load.stop"
    say "container events in the proxy's log:"
    proxy_logs '"type":"container"' '"service":"app"'
    say "access-log lines that are not a 2xx:"
    proxy_logs '"request_id"' | grep -Ev '"status":2[0-9][0-9],' || true
    say "the proxy's other lines:"
    proxy_logs | grep -v '^{' | tail -n 20 || true
}

# The proxy recreated with the shipped hold (RETRY_HOLD=10s), the app left as it is.
hold_proxy_up() {
    local base="http://$PROXY_PUBLISH" t proxy_id
    on_failure() { hold_failure_logs; }
    t=$(date +%s)
    RETRY_HOLD=10s compose up -d --no-build >"$work/up-hold.log" 2>&1 \
        || { cat "$work/up-hold.log"; fail "compose up with RETRY_HOLD=10s"; }
    proxy_id=$(compose ps -q proxy)
    docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$proxy_id" | grep -qx 'RETRY_HOLD=10s' \
        || fail "the proxy container does not have RETRY_HOLD=10s"
    # Serving, and the Docker source synced: a container event can end a hold from now on.
    serving() { [ -n "$(proxy_logs 'reading the Docker API')" ] && [ "$(code_of "$base/")" = 200 ]; }
    wait_for 60 serving || fail "the proxy recreated with RETRY_HOLD=10s did not serve within 60s"
    pass "proxy recreated with RETRY_HOLD=10s, serving and reading the Docker API $(since "$t")s after compose up"
}

# `compose restart app` three times while 4 clients send steady requests: a request that finds
# the app stopped or not yet healthy waits in the hold and is sent once the app is back, so every
# request must get a 2xx.
hold_restart_checks() {
    local base="http://$PROXY_PUBLISH" t app_id app_name before after i pids=() total bad counts held longest \
        dies starts
    on_failure() { hold_failure_logs; }
    app_id=$(compose ps -q app)
    app_name=$(docker inspect -f '{{.Name}}' "$app_id")
    app_name=${app_name#/}
    dies=$(proxy_logs '"type":"container"' "\"container\":\"$app_name\"" '"action":"die"' | wc -l)
    starts=$(proxy_logs '"type":"container"' "\"container\":\"$app_name\"" '"action":"start"' | wc -l)
    [ "$(code_of "$base/")" = 200 ] || fail "GET / through the proxy does not answer 200 before the restarts"

    rm -f "$work/load.stop"
    for i in 1 2 3 4; do
        load_client "$i" "$base" &
        pids+=($!)
    done
    sleep 1
    # Each restart: SIGTERM, which busybox's httpd as PID 1 ignores, SIGKILL 2 s later, start;
    # healthy at its first health check, 5 s after the start. Then a second of steady load.
    app_healthy() { [ "$(docker inspect -f '{{.State.Health.Status}}' "$app_id")" = healthy ]; }
    for i in 1 2 3; do
        before=$(docker inspect -f '{{.State.StartedAt}}' "$app_id")
        t=$(date +%s%N)
        compose restart -t 2 app >"$work/restart.log" 2>&1 || { cat "$work/restart.log"; fail "compose restart app ($i)"; }
        after=$(docker inspect -f '{{.State.StartedAt}}' "$app_id")
        [ "$after" != "$before" ] || fail "restart $i: the app's StartedAt did not change ($before)"
        wait_for 30 app_healthy || fail "restart $i: the app was not healthy within 30s"
        say "restart $i: app started again at $after, healthy $(( ($(date +%s%N) - t) / 1000000 ))ms after 'compose restart -t 2 app'"
        sleep 1
    done
    touch "$work/load.stop"
    for i in "${pids[@]}"; do wait "$i" || true; done

    cat "$work"/load.[0-9]* > "$work/load.all"
    total=$(wc -l < "$work/load.all")
    counts=$(awk '{ n[$3 " " $1]++ } END { for (k in n) print k ": " n[k] }' "$work/load.all" | sort | paste -sd, - | sed 's/,/, /g')
    bad=$(awk '$1 !~ /^2[0-9][0-9]$/' "$work/load.all" | wc -l)
    longest=$(sort -g -k2,2 "$work/load.all" | tail -n 1 | awk '{ print $2 "s (" $3 ", " $1 ")" }')
    held=$(proxy_logs '"request_id"' | grep -Ec '"held_ms":[1-9]' || true)
    dies=$(( $(proxy_logs '"type":"container"' "\"container\":\"$app_name\"" '"action":"die"' | wc -l) - dies ))
    starts=$(( $(proxy_logs '"type":"container"' "\"container\":\"$app_name\"" '"action":"start"' | wc -l) - starts ))
    say "restart under load: $total requests ($counts), $held held (positive held_ms), longest $longest"
    [ "$bad" = 0 ] || fail "restart under load: $bad of $total requests did not get a 2xx ($counts)"
    [ "$dies" -ge 3 ] && [ "$starts" -ge 3 ] \
        || fail "restart under load: the proxy logged $dies die and $starts start events for $app_name, expected 3 of each"
    [ "$total" -ge 100 ] || fail "restart under load: only $total requests, not a steady load"
    [ "$held" -gt 0 ] || fail "restart under load: no request was held, so no request found the app restarting"
    pass "compose restart app 3 times under load: $total requests all 2xx ($counts); $held held; longest $longest"
}

# The app stopped for good, the hold on: a request waits the whole of retry.hold (10 s), then gets
# the usual 503, which says it was held.
hold_stopped_checks() {
    local base="http://$PROXY_PUBLISH" app_id app_name dies status secs rid details line held_ms
    on_failure() { hold_failure_logs; }
    app_id=$(compose ps -q app)
    app_name=$(docker inspect -f '{{.Name}}' "$app_id")
    app_name=${app_name#/}
    dies=$(proxy_logs '"type":"container"' "\"container\":\"$app_name\"" '"action":"die"' | wc -l)
    compose stop -t 0 app >/dev/null 2>&1
    died() { [ "$(proxy_logs '"type":"container"' "\"container\":\"$app_name\"" '"action":"die"' | wc -l)" -gt "$dies" ]; }
    wait_for 5 died || fail "no die event for $app_name in the proxy's log within 5s of 'compose stop app'"
    rid="dockertest-held-$$"
    read -r status secs < <(request "$work/held" "$base/" -H "X-Request-Id: $rid")
    [ "$status/$(proxy_error "$work/held")" = 503/destination_unavailable ] \
        || { cat "$work/held.headers" >&2; fail "app stopped, hold on: expected 503 destination_unavailable, got $status"; }
    { under 9.5 "$secs" && under "$secs" 13; } || fail "app stopped, hold on: answered after ${secs}s, not after about 10s"
    details=$(proxy_details "$work/held")
    case "$details" in
        *"; held "[0-9]*" ms") ;;
        *) cat "$work/held.headers" >&2; fail "app stopped, hold on: Proxy-Status details \"$details\" do not end with \"; held N ms\"" ;;
    esac
    line=""
    wait_for 5 eval 'line=$(proxy_logs "\"request_id\":\"$rid\"" | tail -n 1); [ -n "$line" ]' \
        || fail "no access-log line with request ID $rid in compose logs proxy"
    held_ms=$(echo "$line" | json held_ms)
    [[ "$held_ms" =~ ^[0-9]+$ ]] && [ "$held_ms" -ge 9000 ] || { echo "$line" >&2; fail "held_ms is $held_ms, expected at least 9000"; }
    pass "app stopped, hold on -> 503 destination_unavailable after ${secs}s, held_ms $held_ms, details=\"$details\""
}

# The proxy reads this daemon's socket; its user needs the socket's group.
export APP_IMAGE=telltale-test/busybox:local TELLTALE_IMAGE=telltale-test/telltale:local \
    PROXY_PUBLISH="127.0.0.1:$(free_port)" DOCKER_SOCKET_PATH="$work/docker.sock" \
    DOCKER_GID="$(stat -c %g "$work/docker.sock")"
unset APP_TARGET DOCKER_SOCKET RETRY_HOLD
check compose compose_checks
check compose-hold-proxy hold_proxy_up
check compose-hold-restart hold_restart_checks
check compose-hold-stopped hold_stopped_checks
compose down --volumes --remove-orphans -t 5 >/dev/null 2>&1 || true

# The socket-proxy variant's image cannot be pulled here; its file must still be valid.
socket_proxy_compose_file() {
    docker-compose -f docker/compose.socket-proxy.yaml config -q || fail "docker/compose.socket-proxy.yaml is not valid"
    pass "docker-compose -f docker/compose.socket-proxy.yaml config -q"
}
check compose-socket-proxy socket_proxy_compose_file

causes_main
memory_main
summary
