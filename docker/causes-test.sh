#!/usr/bin/env bash
# The causes Telltale names from the app container's state (runtime.docker), with real
# containers on a daemon of the test's own. Each check reads what the proxy answered through its
# published port on 127.0.0.1 and its access log:
#   oom          an app under --memory 16m is OOM-killed: 503 at once, oom_killed and exit 137 in
#                the log, the JSON answer and GET /incidents/{id}; `triage` names the OOM kill
#   gone-created the OOM-killed container removed, and one created but never started: 503
#   crash-loop   --restart on-failure, exits 1 after a second: Retry-After, restarts rising
#   unhealthy    a health check failing with "db <down> & out": the page shows it escaped
#   loopback     httpd on 127.0.0.1 inside, healthy: refused, "most likely bound to 127.0.0.1"
#   wrong-port   the image exposes 8000, the proxy is told 3000: "Nothing listens on 3000 ..."
#   no-shared-network  the app on a network the proxy's container is not on: both networks named
#   host         the proxy on the host, the app behind a published port: 200, `doctor`'s
#                container step; host-stopped: the app stopped, 503 naming it; host-doctor: doctor's
#                container step names it failed
#   daemon-away  the Docker daemon stops (live-restore) and comes back: the proxy serves on, warns
#                once, and resyncs (the app, stopped then, is answered with 503 naming it)
#   socket-proxy the Docker API through HAProxy allowing only GET /_ping, /version,
#                /containers/json, /containers/{id}/json and /events: the app paused, 503 naming it
# The apps are busybox: files under docker/cause-apps/ and inline commands.
#
# docker/test.sh runs these after its compose checks, on the same daemon and images; alone,
#   bash docker/causes-test.sh
# sets up its own.

causes_vars() {
    net=tt-causes
    bb=telltale-test/busybox:local
    tt=telltale-test/telltale:local
    cdir="$work/causes"
    mkdir -p "$cdir"
    cport=$(free_port)
    cbase="http://127.0.0.1:$cport"
    aport=$(free_port)
}

# proxy_lines [FILTER...]: the scenario proxy's stdout (its access log), the lines with each FILTER.
proxy_lines() { { docker logs tt-proxy 2>/dev/null || true; } | only "$@"; }
# event NAME ACTION [FILTER...]: the proxy logged a container event.
event() {
    local name=$1 action=$2
    shift 2
    [ -n "$(proxy_lines '"type":"container"' "\"container\":\"$name\"" "\"action\":\"$action\"" "$@")" ]
}
log_line() { proxy_lines "\"request_id\":\"$1\"" | tail -n 1; }
# via NAME OUT [CURL ARGS]: a request to the scenario proxy's route for NAME (Host: NAME.test).
via() {
    local name=$1 out=$2
    shift 2
    request "$out" "$cbase/" -H "Host: $name.test" "$@"
}
state() { docker inspect -f "$2" "$1" 2>/dev/null; }
proxy_failure_logs() {
    echo "-- docker logs tt-proxy (last 30 lines):"
    docker logs --tail 30 tt-proxy 2>&1
}

# The scenarios' network, on the subnet Docker picks (a probe network asks it), given explicitly
# so that a container can keep a fixed address across restarts.
ensure_network() {
    local subnet gateway
    docker network inspect "$net" >/dev/null 2>&1 && return 0
    docker network create tt-probe >/dev/null
    subnet=$(docker network inspect -f '{{(index .IPAM.Config 0).Subnet}}' tt-probe)
    gateway=$(docker network inspect -f '{{(index .IPAM.Config 0).Gateway}}' tt-probe)
    docker network rm tt-probe >/dev/null
    docker network create --subnet "$subnet" --gateway "$gateway" "$net" >/dev/null
}

# ---- the scenario proxy and its apps ----------------------------------------------------------
causes_start() {
    local t subnet wrong_ip gid
    t=$(date +%s)
    DOCKER_BUILDKIT=0 docker build -q --network none -f docker/cause-apps/wrong-port/Dockerfile \
        --build-arg BASE_IMAGE="$bb" -t telltale-test/wrong-port:local docker >/dev/null
    ensure_network
    subnet=$(docker network inspect -f '{{(index .IPAM.Config 0).Subnet}}' "$net")

    # EXPOSE 8000 and listens there; reached by its address, so the address maps too.
    start_container --name tt-wrongport --network "$net" telltale-test/wrong-port:local
    wrong_ip=$(docker inspect -f "{{(index .NetworkSettings.Networks \"$net\").IPAddress}}" tt-wrongport)

    # Requests come through Docker's userland proxy, from the bridge's gateway: trusted, so they
    # see full detail. The crash loop's app is reached by a network alias.
    cat > "$cdir/proxy.yaml" <<EOF
listen: { address: 0.0.0.0, port: 8080 }
admin: { address: 127.0.0.1, port: 9901 }
defaults:
  timeouts: { connect: 3s, response_header: 5s }
upstreams:
  oom: { targets: [ "tt-oom:3000" ] }
  crash: { targets: [ "crash-loop:3000" ] }
  unhealthy: { targets: [ "tt-unhealthy:3000" ] }
  loopback: { targets: [ "tt-loopback:3000" ] }
  wrongport: { targets: [ "$wrong_ip:3000" ] }
  created: { targets: [ "tt-created:3000" ] }
  elsewhere: { targets: [ "tt-elsewhere:3000" ] }
routes:
  - { name: oom, match: { host: oom.test }, upstream: oom }
  - { name: crash, match: { host: crash.test }, upstream: crash }
  - { name: unhealthy, match: { host: unhealthy.test }, upstream: unhealthy }
  - { name: loopback, match: { host: loopback.test }, upstream: loopback }
  - { name: wrongport, match: { host: wrongport.test }, upstream: wrongport }
  - { name: created, match: { host: created.test }, upstream: created }
  - { name: elsewhere, match: { host: elsewhere.test }, upstream: elsewhere }
error_pages:
  detail: safe
  trusted_networks: [ 127.0.0.0/8, "::1/128", "$subnet" ]
access_log: { target: stdout }
runtime:
  docker: { socket: /var/run/docker.sock }
EOF
    gid=$(stat -c %g "$work/docker.sock")
    start_container --name tt-proxy --network "$net" -p "127.0.0.1:$cport:8080" --group-add "$gid" \
        -v "$cdir:/etc/telltale:ro" -v "$work/docker.sock:/var/run/docker.sock:ro" "$tt"
    on_failure() { proxy_failure_logs; }
    answers() { [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: wrongport.test' "$cbase/")" != 000 ]; }
    wait_for 60 answers || fail "the scenario proxy does not answer on $cbase"

    # The apps start after the proxy, so that it sees their health change.
    # OOM: 16 MiB, no swap; PID 1 allocates once asked to.
    start_container --name tt-oom --network "$net" --memory 16m --memory-swap 16m \
        -v "$repo/docker/cause-apps/oom:/app:ro" "$bb" /app/run
    # A health check that fails with HTML-special characters; nothing listens on 3000.
    start_container --name tt-unhealthy --network "$net" \
        --health-cmd 'echo "db <down> & out"; exit 1' --health-interval 1s --health-retries 1 \
        --health-timeout 2s "$bb" sleep 100000
    # Listens on 127.0.0.1 only; its own health check (inside the container) passes.
    start_container --name tt-loopback --network "$net" -v "$repo/docker/example-app:/www:ro" \
        --health-cmd 'wget -q -O /dev/null http://127.0.0.1:3000/health' --health-interval 1s \
        "$bb" httpd -f -p 127.0.0.1:3000 -h /www
    # Serving, but on a network of its own that the proxy's container is not on.
    docker network create tt-other >/dev/null
    start_container --name tt-elsewhere --network tt-other -v "$repo/docker/example-app:/www:ro" \
        "$bb" httpd -f -p 3000 -h /www
    pass "cause scenarios: proxy and apps up in $(since "$t")s (network $net $subnet)"
    touch "$cdir/started"
}

# ---- a. OOM kill ------------------------------------------------------------------------------
scenario_oom() {
    on_failure() { docker inspect -f '{{json .State}}' tt-oom; proxy_failure_logs; }
    local rid="causes-oom-$$" status secs line t
    ok() { [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: oom.test' "$cbase/")" = 200 ]; }
    wait_for 20 ok || fail "oom: the app never answered 200 through the proxy"
    [ -n "$(curl -s -H 'Host: oom.test' "$cbase/cgi-bin/allocate" | only allocating)" ] || fail "oom: /cgi-bin/allocate did not answer"
    t=$(date +%s)
    wait_for 30 eval '[ "$(state tt-oom "{{.State.Status}}")" = exited ]' || fail "oom: the container still runs 30s after allocating"
    [ "$(state tt-oom '{{.State.OOMKilled}} {{.State.ExitCode}}')" = "true 137" ] \
        || fail "oom (Docker side): expected OOMKilled=true, exit 137, got $(state tt-oom '{{.State.OOMKilled}} {{.State.ExitCode}}')"
    wait_for 5 event tt-oom die '"exit_code":137' || fail "oom: no die event with exit_code 137 in the proxy's log"
    event tt-oom oom || fail "oom: no oom event in the proxy's log"
    line=$(proxy_lines '"type":"container"' '"container":"tt-oom"' '"action":"die"' | tail -n 1)
    echo "$line" | grep -Eq '"id":"[0-9a-f]{12}"' || fail "oom: the die event's id is not 12 hex digits: $line"

    read -r status secs < <(via oom "$cdir/oom" -H "X-Request-Id: $rid" -H 'Accept: application/json')
    [ "$status/$(proxy_error "$cdir/oom")" = 503/destination_unavailable ] \
        || { cat "$cdir/oom.headers" >&2; fail "oom: expected 503 destination_unavailable, got $status"; }
    under "$secs" 1.0 || fail "oom: the answer took ${secs}s"
    [ -z "$(header Retry-After "$cdir/oom")" ] || fail "oom: Retry-After on an OOM-killed container that will not restart"
    wait_for 5 eval 'line=$(log_line "$rid"); [ -n "$line" ]' || fail "oom: no log line for $rid"
    expect_json "$line" failure destination_unavailable attempts 0 container.name tt-oom container.state exited \
        container.oom_killed true container.exit_code 137
    case "$(echo "$line" | json container.cause)" in
        *"was OOM-killed (exit 137)"*) ;;
        *) echo "$line" >&2; fail "oom: container.cause does not say \"was OOM-killed (exit 137)\"" ;;
    esac
    compact_json < "$cdir/oom.body" > "$cdir/oom.compact" || { cat "$cdir/oom.body" >&2; fail "oom: the answer is not JSON"; }
    grep -q '"oom_killed":true' "$cdir/oom.compact" && grep -q '"exit_code":137' "$cdir/oom.compact" \
        || { cat "$cdir/oom.body" >&2; fail "oom: the JSON answer lacks oom_killed true / exit_code 137"; }
    # The incident, from the admin listener on 127.0.0.1 inside the proxy's container.
    docker run --rm --network container:tt-proxy "$bb" wget -q -O - "http://127.0.0.1:9901/incidents/$rid" \
        > "$cdir/incident.json" 2>"$cdir/incident.err" || { cat "$cdir/incident.err" >&2; fail "oom: GET /incidents/$rid"; }
    compact_json < "$cdir/incident.json" > "$cdir/incident.compact" \
        || { cat "$cdir/incident.json" >&2; fail "oom: the incident is not JSON"; }
    grep -q '"oom_killed":true' "$cdir/incident.compact" && grep -q '"exit_code":137' "$cdir/incident.compact" \
        || { cat "$cdir/incident.json" >&2; fail "oom: GET /incidents/$rid lacks oom_killed true / exit_code 137"; }
    pass "oom: killed $(since "$t")s after /cgi-bin/allocate (OOMKilled, exit 137) -> 503 in ${secs}s; log, JSON answer and incident say oom_killed, exit 137"

    # triage on the captured access log names the OOM kill.
    docker logs tt-proxy > "$cdir/access.log" 2>/dev/null
    java -jar "$work/telltale.jar" triage "$cdir/access.log" > "$cdir/triage.out" 2>&1 || true
    grep -q OOM "$cdir/triage.out" || { cat "$cdir/triage.out" >&2; fail "oom: triage's verdict does not mention the OOM kill"; }
    pass "oom: triage says \"$(grep -m 1 OOM "$cdir/triage.out" | sed 's/^ *//')\""
}

# ---- a'. removed, and created but never started ----------------------------------------------
# Two more states that cannot answer: the OOM-killed container once removed ("gone"), and one
# that was created and never started.
scenario_gone_created() {
    on_failure() { proxy_failure_logs; }
    local rid status secs line
    [ "$(state tt-oom '{{.State.Status}}')" = exited ] || fail "gone: tt-oom is not the exited container of the oom check"
    docker rm tt-oom >/dev/null
    wait_for 5 event tt-oom destroy || fail "gone: no destroy event for tt-oom in the proxy's log"
    rid="causes-gone-$$"
    read -r status secs < <(via oom "$cdir/gone" -H "X-Request-Id: $rid")
    wait_for 5 eval 'line=$(log_line "$rid"); [ -n "$line" ]' || fail "gone: no log line for $rid"
    [ "$status/$(proxy_error "$cdir/gone")" = 503/destination_unavailable ] \
        || { cat "$cdir/gone.headers" >&2; echo "$line" >&2; fail "gone: expected 503 destination_unavailable, got $status"; }
    expect_json "$line" attempts 0 container.name tt-oom container.state gone
    # Created after the proxy started: known from Docker's create event.
    docker create --name tt-created --network "$net" "$bb" httpd -f -p 3000 -h /www >/dev/null 2>"$work/run.err" \
        || { cat "$work/run.err" >&2; fail "created: docker create"; }
    wait_for 5 eval '[ "$(code_of -H "Host: created.test" "$cbase/")" = 503 ]' \
        || fail "created: no 503 within 5s of docker create"
    rid="causes-created-$$"
    read -r status secs < <(via created "$cdir/created" -H "X-Request-Id: $rid")
    wait_for 5 eval 'line=$(log_line "$rid"); [ -n "$line" ]' || fail "created: no log line for $rid"
    [ "$status/$(proxy_error "$cdir/created")" = 503/destination_unavailable ] \
        || { cat "$cdir/created.headers" >&2; echo "$line" >&2; fail "created: expected 503 destination_unavailable, got $status"; }
    expect_json "$line" attempts 0 container.name tt-created container.state created
    pass "gone, created: the removed tt-oom and a never-started container -> 503 destination_unavailable (state gone, created)"
}

# ---- b. crash loop ----------------------------------------------------------------------------
# ask_crash N MIN_RESTARTS: while Docker is restarting the app for at least the MIN_RESTARTS-th
# time, request N; sets restarts (the log's restarts_15m), docker_restarts and outcome. Docker's
# back-off between restarts doubles from 100ms, so from the third one on the request falls inside
# the wait.
ask_crash() {
    local out="$cdir/crash$1" rid="causes-crash$1-$$" st status secs retry line
    restarting() {
        local s
        s=$(state tt-crash '{{.RestartCount}} {{.State.Status}}')
        [ "${s% *}" -ge "$1" ] 2>/dev/null && [ "${s#* }" = restarting ]
    }
    wait_for 30 restarting "$2" || fail "crash-loop (Docker side): not restarting with RestartCount >= $2 within 30s"
    sleep 0.1
    read -r status secs < <(via crash "$out" -H "X-Request-Id: $rid")
    docker_restarts=$(state tt-crash '{{.RestartCount}}')
    retry=$(header Retry-After "$out")
    wait_for 5 eval 'line=$(log_line "$rid"); [ -n "$line" ]' || fail "crash-loop: no log line for $rid"
    st=$(echo "$line" | json container.state)
    outcome="$status $(proxy_error "$out") ($st)"
    # Restarting: known down. Running: it started a moment ago and listens on nothing (or, just
    # started, its name does not resolve yet); either way it is coming back.
    case "$status/$(proxy_error "$out")/$st" in
        503/destination_unavailable/restarting | 503/destination_unavailable/running | 50[24]/*/running) ;;
        *) cat "$out.headers" >&2; echo "$line" >&2; fail "crash-loop: got $outcome" ;;
    esac
    [ "$retry" = 5 ] || { cat "$out.headers" >&2; echo "$line" >&2; fail "crash-loop: $outcome with Retry-After \"$retry\", expected 5"; }
    restarts=$(echo "$line" | json container.restarts_15m)
}

scenario_crash_loop() {
    on_failure() { docker inspect -f '{{json .State}} restarts={{.RestartCount}}' tt-crash; proxy_failure_logs; }
    local restarts docker_restarts outcome r1 d1 o1
    start_container --name tt-crash --network "$net" --network-alias crash-loop --restart on-failure \
        "$bb" sh -c 'sleep 1; exit 1'
    # Two requests, with Docker's restart count at least 2 higher at the second.
    ask_crash 1 3
    r1=$restarts d1=$docker_restarts o1=$outcome
    ask_crash 2 $((d1 + 2))
    [ "$restarts" -gt "$r1" ] 2>/dev/null \
        || fail "crash-loop: restarts_15m went $r1 -> $restarts while Docker's RestartCount went $d1 -> $docker_restarts"
    pass "crash-loop: $o1, then $outcome, both Retry-After: 5; restarts_15m $r1 -> $restarts (Docker's RestartCount $d1 -> $docker_restarts)"
    docker rm -f tt-crash >/dev/null
}

# ---- c. failing health check ------------------------------------------------------------------
scenario_unhealthy() {
    on_failure() { docker inspect -f '{{.State.Health.Status}} {{json (index .State.Health.Log 0)}}' tt-unhealthy; proxy_failure_logs; }
    local rid="causes-unhealthy-$$" status secs line
    wait_for 20 eval '[ "$(state tt-unhealthy "{{.State.Health.Status}}")" = unhealthy ]' \
        || fail "unhealthy (Docker side): not unhealthy after 20s"
    wait_for 5 event tt-unhealthy health_status '"health":"unhealthy"' \
        || fail "unhealthy: no health_status event with health unhealthy in the proxy's log"
    read -r status secs < <(via unhealthy "$cdir/unhealthy" -H "X-Request-Id: $rid" -H 'Accept: text/html')
    wait_for 5 eval 'line=$(log_line "$rid"); [ -n "$line" ]' || fail "unhealthy: no log line for $rid"
    [ "$status/$(proxy_error "$cdir/unhealthy")" = 502/connection_refused ] \
        || { cat "$cdir/unhealthy.headers" >&2; echo "$line" >&2; fail "unhealthy: expected 502 connection_refused, got $status"; }
    expect_json "$line" container.health unhealthy container.health_output 'db <down> & out'
    case "$(echo "$line" | json container.cause)" in
        *"is running but fails its health check: db <down> & out"*) ;;
        *) echo "$line" >&2; fail "unhealthy: container.cause does not quote the failing health check" ;;
    esac
    grep -Eq '<pre id="health-output"[^>]*>[[:space:]]*db &lt;down&gt; &amp; out' "$cdir/unhealthy.body" \
        || { grep -n -e 'health-output' -e 'db ' "$cdir/unhealthy.body" >&2 || true
             fail "unhealthy: the page has no <pre id=\"health-output\"> with the escaped output"; }
    if grep -qF 'db <down>' "$cdir/unhealthy.body"; then
        grep -nF 'db <down>' "$cdir/unhealthy.body" >&2; fail "unhealthy: the page shows the health output unescaped"
    fi
    pass "unhealthy: 502 connection_refused, cause quotes the check; the page shows \"db &lt;down&gt; &amp; out\" in <pre id=\"health-output\">, never raw"
}

# ---- d. bound to loopback ---------------------------------------------------------------------
scenario_loopback() {
    on_failure() { docker inspect -f '{{.State.Health.Status}}' tt-loopback; proxy_failure_logs; }
    local rid="causes-loopback-$$" status secs line cause
    wait_for 20 eval '[ "$(state tt-loopback "{{.State.Health.Status}}")" = healthy ]' \
        || fail "loopback (Docker side): not healthy after 20s"
    wait_for 5 event tt-loopback health_status '"health":"healthy"' \
        || fail "loopback: no health_status event with health healthy in the proxy's log"
    read -r status secs < <(via loopback "$cdir/loopback" -H "X-Request-Id: $rid")
    wait_for 5 eval 'line=$(log_line "$rid"); [ -n "$line" ]' || fail "loopback: no log line for $rid"
    [ "$status/$(proxy_error "$cdir/loopback")" = 502/connection_refused ] \
        || { cat "$cdir/loopback.headers" >&2; echo "$line" >&2; fail "loopback: expected 502 connection_refused, got $status"; }
    cause=$(echo "$line" | json container.cause)
    case "$cause" in
        *"bound to 127.0.0.1"*) ;;
        *) echo "$line" >&2; fail "loopback: container.cause does not say \"bound to 127.0.0.1\"" ;;
    esac
    pass "loopback: 502 connection_refused; cause \"...$(echo "$cause" | grep -o '[^.]*bound to 127.0.0.1[^.]*' || true)...\""
}

# ---- e. wrong port ----------------------------------------------------------------------------
scenario_wrong_port() {
    on_failure() { proxy_failure_logs; }
    local rid="causes-wrongport-$$" status secs line want
    want='Nothing listens on 3000 in the app container `tt-wrongport`; the image exposes 8000.'
    [ "$(state tt-wrongport '{{json .Config.ExposedPorts}}')" = '{"8000/tcp":{}}' ] \
        || fail "wrong-port (Docker side): the image does not expose 8000"
    read -r status secs < <(via wrongport "$cdir/wrongport" -H "X-Request-Id: $rid")
    wait_for 5 eval 'line=$(log_line "$rid"); [ -n "$line" ]' || fail "wrong-port: no log line for $rid"
    [ "$status/$(proxy_error "$cdir/wrongport")" = 502/connection_refused ] \
        || { cat "$cdir/wrongport.headers" >&2; echo "$line" >&2; fail "wrong-port: expected 502 connection_refused, got $status"; }
    [ "$(echo "$line" | json container.cause)" = "$want" ] \
        || { echo "$line" >&2; fail "wrong-port: container.cause is not \"$want\""; }
    pass "wrong-port: 502 connection_refused; cause \"$want\""
}

# ---- the proxy's container and the app's share no network ---------------------------------------
scenario_no_shared_network() {
    on_failure() { proxy_failure_logs; }
    local rid="causes-elsewhere-$$" status secs line cause
    read -r status secs < <(via elsewhere "$cdir/elsewhere" -H "X-Request-Id: $rid")
    wait_for 5 eval 'line=$(log_line "$rid"); [ -n "$line" ]' || fail "no-shared-network: no log line for $rid"
    cause=$(echo "$line" | json container.cause)
    case "$cause" in
        *"shares no network with the app container \`tt-elsewhere\` (networks tt-other)"*) ;;
        *) echo "$line" >&2; fail "no-shared-network: container.cause does not name both containers' networks" ;;
    esac
    pass "no-shared-network: $status $(proxy_error "$cdir/elsewhere"); cause \"$cause\""
}

# ---- f, g, h. the proxy on the host -----------------------------------------------------------
# host_proxy NAME SOCKET [DIRECT]: starts the jar on the host with a config of its own, listening
# on 127.0.0.1; its default route reaches the app through the port it publishes, and with DIRECT
# (an address) a route for Host: direct.test reaches it there, on the bridge. Sets hbase.
host_proxy() {
    local name=$1 socket=$2 direct=${3:-} port admin
    port=$(free_port)
    admin=$(free_port)
    {
        echo "listen: { address: 127.0.0.1, port: $port }"
        echo "admin: { address: 127.0.0.1, port: $admin }"
        echo "defaults:"
        echo "  timeouts: { connect: 3s, response_header: 5s }"
        echo "upstreams:"
        echo "  published: { targets: [ \"127.0.0.1:$aport\" ] }"
        [ -z "$direct" ] || echo "  direct: { targets: [ \"$direct:3000\" ] }"
        echo "routes:"
        [ -z "$direct" ] || echo "  - { name: direct, match: { host: direct.test }, upstream: direct }"
        echo "  - { name: published, match: { path_prefix: / }, upstream: published }"
        echo "access_log: { target: stdout }"
        echo "runtime:"
        echo "  docker: { socket: \"$socket\" }"
    } > "$cdir/$name.yaml"
    java -XX:TieredStopAtLevel=1 -Xmx256m -jar "$work/telltale.jar" run --config "$cdir/$name.yaml" \
        > "$cdir/$name.out" 2> "$cdir/$name.err" &
    track_pid $!
    echo $! > "$cdir/$name.pid"
    hbase="http://127.0.0.1:$port"
    echo "$hbase" > "$cdir/$name.base"
    wait_for 30 eval '[ "$(code_of "http://127.0.0.1:'"$admin"'/healthz")" = 200 ]' \
        || { cat "$cdir/$name.err" >&2; fail "$name: the proxy on the host did not start"; }
}
host_lines() { only "${@:2}" < "$cdir/$1.out"; }
host_failure_logs() {
    local f
    for f in "$cdir"/host*.err "$cdir"/host*.out; do
        if [ -f "$f" ]; then echo "-- ${f##*/} (last 20 lines):"; tail -n 20 "$f"; fi
    done
    docker inspect -f '{{json .State}} NetworkSettings.Ports={{json .NetworkSettings.Ports}} HostConfig.PortBindings={{json .HostConfig.PortBindings}}' tt-host-app
}
# expect_known_down NAME OUT RID STATE: the request RID is answered at once with 503 naming
# tt-host-app, in STATE; sets known_secs.
expect_known_down() {
    local name=$1 out=$2 rid=$3 want=$4 status secs line
    read -r status secs < <(request "$out" "$hbase/" -H "X-Request-Id: $rid")
    wait_for 5 eval 'line=$(host_lines '"$name"' "\"request_id\":\"$rid\"" | tail -n 1); [ -n "$line" ]' \
        || fail "$name: no log line for $rid"
    [ "$status/$(proxy_error "$out")" = 503/destination_unavailable ] \
        || { cat "$out.headers" >&2; echo "$line" >&2; fail "$name: expected 503 destination_unavailable, got $status $(proxy_error "$out")"; }
    under "$secs" 1.0 || fail "$name: the answer took ${secs}s"
    case "$(proxy_details "$out")" in
        "container tt-host-app "*) ;;
        *) cat "$out.headers" >&2; fail "$name: Proxy-Status details do not begin \"container tt-host-app \"" ;;
    esac
    expect_json "$line" failure destination_unavailable attempts 0 container.name tt-host-app container.state "$want"
    known_secs=$secs
}

scenario_host() {
    on_failure() { host_failure_logs; }
    local gateway up
    ensure_network
    # A fixed address, kept when the app is started again (the direct route of daemon-away).
    gateway=$(docker network inspect -f '{{(index .IPAM.Config 0).Gateway}}' "$net")
    echo "${gateway%.*}.250" > "$cdir/host-app.ip"
    start_container --name tt-host-app --network "$net" --ip "$(cat "$cdir/host-app.ip")" \
        -p "127.0.0.1:$aport:3000" -v "$repo/docker/example-app:/www:ro" \
        --health-cmd 'wget -q -O /dev/null http://127.0.0.1:3000/health' --health-interval 1s \
        "$bb" httpd -f -p 3000 -h /www
    host_proxy host "unix://$work/docker.sock" "$(cat "$cdir/host-app.ip")"
    wait_for 20 eval '[ "$(code_of "$hbase/")" = 200 ]' || fail "host: GET / through 127.0.0.1:$aport never gave 200"
    touch "$cdir/host.started"
    # doctor's container step while the app runs.
    java -jar "$work/telltale.jar" doctor --config "$cdir/host.yaml" > "$cdir/doctor-up.out" 2>&1 || true
    up=$(only container tt-host-app < "$cdir/doctor-up.out" | sed -n '1s/^ *//p')
    [ -n "$up" ] || { cat "$cdir/doctor-up.out" >&2; fail "host: doctor printed no container line naming tt-host-app"; }
    case "$up" in
        *"container"*" ok "*) ;;
        *) cat "$cdir/doctor-up.out" >&2; fail "host: doctor's container step is not ok while the app runs" ;;
    esac
    pass "host: proxy on the host, app published on 127.0.0.1:$aport -> 200; doctor: \"$up\""
}

scenario_host_stopped() {
    on_failure() { host_failure_logs; }
    [ -f "$cdir/host.started" ] || fail "host-stopped: skipped, the proxy on the host did not start"
    local known_secs
    hbase=$(cat "$cdir/host.base")
    docker stop -t 1 tt-host-app >/dev/null
    wait_for 5 eval '[ -n "$(host_lines host "\"type\":\"container\"" "\"container\":\"tt-host-app\"" "\"action\":\"die\"")" ]' \
        || fail "host-stopped: no die event for tt-host-app in the host proxy's log"
    expect_known_down host "$cdir/host-down" "causes-host-$$" exited
    pass "host-stopped: the container behind the published port stopped -> 503 in ${known_secs}s naming tt-host-app"
}

# doctor's container step while the app is stopped (after host-stopped).
scenario_host_doctor() {
    [ -f "$cdir/host.started" ] || fail "host-doctor: skipped, the proxy on the host did not start"
    local down
    java -jar "$work/telltale.jar" doctor --config "$cdir/host.yaml" > "$cdir/doctor-down.out" 2>&1 || true
    down=$(only container tt-host-app FAILED < "$cdir/doctor-down.out" | sed -n '1s/^ *//p')
    [ -n "$down" ] || { cat "$cdir/doctor-down.out" >&2; fail "host-doctor: doctor's container step does not fail naming tt-host-app while it is stopped"; }
    pass "host-doctor: app stopped: \"$(echo "$down" | cut -c 1-110)\""
}

scenario_daemon_away() {
    on_failure() { host_failure_logs; echo "-- dockerd.log (last 5 lines):"; tail -n 5 "$work/dockerd.log"; }
    [ -f "$cdir/host.started" ] || fail "daemon-away: skipped, the proxy on the host did not start"
    local t warnings published back ms known_secs status secs line
    hbase=$(cat "$cdir/host.base")
    [ "$(state tt-host-app '{{.State.Status}}')" = running ] || docker start tt-host-app >/dev/null
    [ "$(state tt-host-app "{{(index .NetworkSettings.Networks \"$net\").IPAddress}}")" = "$(cat "$cdir/host-app.ip")" ] \
        || fail "daemon-away (Docker side): the app's address changed"
    wait_for 20 eval '[ "$(code_of "$hbase/")" = 200 ]' || fail "daemon-away: no 200 after starting the app again"

    stop_dockerd
    t=$(date +%s)
    # Live-restore keeps the app running; its published port closes with the daemon.
    [ "$(code_of -H 'Host: direct.test' "$hbase/")" = 200 ] || fail "daemon-away: the proxy stopped serving the running app"
    read -r status secs < <(request "$cdir/away" "$hbase/" -H "X-Request-Id: causes-away-$$")
    [ -n "$(proxy_error "$cdir/away")" ] || fail "daemon-away: the published route got no classified answer ($status)"
    wait_for 5 eval 'line=$(host_lines host "\"request_id\":\"causes-away-$$\"" | tail -n 1); [ -n "$line" ]' \
        || fail "daemon-away: no log line for causes-away-$$"
    published="$status $(proxy_error "$cdir/away") in ${secs}s, container $(echo "$line" | json container.state)"
    sleep 3
    [ "$(code_of -H 'Host: direct.test' "$hbase/")" = 200 ] || fail "daemon-away: the proxy stopped serving after $(since "$t")s"
    warnings=$(grep -c 'lost the Docker API' "$cdir/host.err" || true)
    [ "$warnings" = 1 ] || { cat "$cdir/host.err" >&2; fail "daemon-away: $warnings \"lost the Docker API\" warnings on stderr, expected 1"; }
    [ -n "$(only 'lost the Docker API' telltale.docker < "$cdir/host.err")" ] \
        || { grep 'lost the Docker API' "$cdir/host.err" >&2 || true; fail "daemon-away: the warning is not from the telltale.docker logger"; }
    pass "daemon-away: daemon stopped -> app still served (direct 200; published port closed: $published), one warning: \"$(grep -m 1 -o 'lost the Docker API.*' "$cdir/host.err" | cut -c 1-90)\""

    start_dockerd
    back=$(date +%s%N)
    [ "$(state tt-host-app '{{.State.Status}}')" = running ] || fail "daemon-away (Docker side): the app did not survive the daemon's restart"
    wait_for 20 eval '[ "$(code_of "$hbase/")" = 200 ]' || fail "daemon-away: no 200 through the published port after the daemon came back"
    docker stop -t 1 tt-host-app >/dev/null
    wait_for 30 eval '[ "$(code_of --max-time 2 "$hbase/")" = 503 ]' \
        || fail "daemon-away: no 503 for the stopped app within 30s: the proxy did not resync"
    ms=$(( ($(date +%s%N) - back) / 1000000 ))
    expect_known_down host "$cdir/resync" "causes-resync-$$" exited
    # And events flow again: the start reaches the proxy.
    docker start tt-host-app >/dev/null
    wait_for 20 eval '[ "$(code_of "$hbase/")" = 200 ]' || fail "daemon-away: no 200 after starting the app once the daemon was back"
    warnings=$(grep -c 'lost the Docker API' "$cdir/host.err" || true)
    [ "$warnings" = 1 ] || fail "daemon-away: $warnings \"lost the Docker API\" warnings after the resync"
    pass "daemon-away: daemon back -> stopped app answered 503 naming it ${ms}ms after dockerd started; started again -> 200"
}

scenario_socket_proxy() {
    on_failure() { host_failure_logs; echo "-- haproxy log:"; tail -n 20 "$cdir/haproxy.log"; }
    [ -f "$cdir/host.started" ] || fail "socket-proxy: skipped, the proxy on the host did not start"
    local hp denied_before denied_after known_secs
    dockerd_running || start_dockerd
    hp=$(free_port)
    cat > "$cdir/haproxy.cfg" <<EOF
global
    log stderr format raw local0
defaults
    mode http
    log global
    option httplog
    timeout connect 5s
    timeout client 1h
    timeout server 1h
frontend docker_api
    bind 127.0.0.1:$hp
    acl read method GET
    acl allowed path_reg ^/(v[0-9.]+/)?(_ping|version)$
    acl allowed path_reg ^/v[0-9.]+/(containers/json|containers/[^/]+/json|events)$
    http-request deny deny_status 403 unless read allowed
    default_backend docker
backend docker
    server docker unix@$work/docker.sock
EOF
    haproxy -db -f "$cdir/haproxy.cfg" > "$cdir/haproxy.log" 2>&1 &
    track_pid $!
    wait_for 10 eval '[ "$(code_of "http://127.0.0.1:$hp/_ping")" = 200 ]' || fail "socket-proxy: HAProxy does not pass GET /_ping"
    [ "$(code_of -X POST "http://127.0.0.1:$hp/v1.41/containers/tt-host-app/start")" = 403 ] || fail "socket-proxy: POST is not refused"
    [ "$(code_of "http://127.0.0.1:$hp/v1.41/info")" = 403 ] || fail "socket-proxy: GET /info is not refused"
    denied_before=$(grep -c ' 403 ' "$cdir/haproxy.log" || true)

    kill "$(cat "$cdir/host.pid")" 2>/dev/null || true
    [ "$(state tt-host-app '{{.State.Status}}')" = running ] || docker start tt-host-app >/dev/null
    host_proxy host-tcp "tcp://127.0.0.1:$hp"
    wait_for 20 eval '[ "$(code_of "$hbase/")" = 200 ]' || fail "socket-proxy: no 200 through the published port"
    docker pause tt-host-app >/dev/null
    wait_for 5 eval '[ -n "$(host_lines host-tcp "\"type\":\"container\"" "\"container\":\"tt-host-app\"" "\"action\":\"pause\"")" ]' \
        || fail "socket-proxy: no pause event for tt-host-app through HAProxy"
    expect_known_down host-tcp "$cdir/tcp-down" "causes-tcp-$$" paused
    docker unpause tt-host-app >/dev/null
    denied_after=$(grep -c ' 403 ' "$cdir/haproxy.log" || true)
    [ "$denied_after" = "$denied_before" ] \
        || { grep ' 403 ' "$cdir/haproxy.log" >&2; fail "socket-proxy: the allow-list refused requests of the proxy"; }
    pass "socket-proxy: Docker API through HAProxy (GET /_ping, /version, /containers, /events only): paused app -> 503 in ${known_secs}s naming tt-host-app; nothing refused"
}

causes_main() {
    causes_vars
    check cause-setup causes_start
    if [ -f "$cdir/started" ]; then
        check oom scenario_oom
        check gone-created scenario_gone_created
        check crash-loop scenario_crash_loop
        check unhealthy scenario_unhealthy
        check loopback scenario_loopback
        check wrong-port scenario_wrong_port
        check no-shared-network scenario_no_shared_network
    fi
    docker rm -f tt-proxy tt-oom tt-created tt-crash tt-unhealthy tt-loopback tt-wrongport tt-elsewhere \
        >/dev/null 2>&1 || true
    docker network rm tt-other >/dev/null 2>&1 || true
    check host scenario_host
    check host-stopped scenario_host_stopped
    check host-doctor scenario_host_doctor
    check daemon-away scenario_daemon_away
    check socket-proxy scenario_socket_proxy
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    cd "$(dirname "$0")/.."
    repo=$(pwd)
    t0=$(date +%s)
    . docker/testlib.sh
    setup_all
    causes_main
    summary
fi
