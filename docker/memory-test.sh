#!/usr/bin/env bash
# The image under a container memory limit: the proxy runs from the image as it ships (its
# JDK_JAVA_OPTIONS, its HEALTHCHECK) with --memory 512m and no swap, the limit of docker/kubernetes.yaml,
# in front of busybox's httpd serving docker/stream-app/, and large bodies stream through it from
# the host over a port published on 127.0.0.1, all at the same time:
#   8 downloads of 256 MiB read at full speed,
#   4 downloads of 256 MiB whose reader takes nothing for the first 8 s,
#   2 downloads of 48 MiB read at 4 MiB/s,
#   4 uploads of 256 MiB to a CGI that reads nothing for the first 3 s,
# 4.1 GiB in all, while the app sends as fast as it can: a proxy that held a body whole, or let
# a slow side's bytes pile up, would pass the limit several times over. Every transfer must get
# 200 with every byte, and the proxy's container must still be running, not OOM-killed and never
# restarted. The pass line gives the container's peak memory (the cgroup's high mark) against
# the limit.
#
# docker/test.sh runs this last, on the same daemon and images; alone,
#   bash docker/memory-test.sh
# sets up its own.

memory_limit_mib=512

# The container's memory cgroup directory, as the host sees it; empty if it cannot be found.
memory_cgroup() {
    local pid path
    pid=$(docker inspect -f '{{.State.Pid}}' "$1")
    if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then
        path=$(sed -n 's/^0:://p' "/proc/$pid/cgroup")
        [ -z "$path" ] || [ ! -f "/sys/fs/cgroup$path/memory.current" ] || echo "/sys/fs/cgroup$path"
    else
        path=$(sed -n 's/^[0-9]*:[^:]*\bmemory\b[^:]*://p' "/proc/$pid/cgroup")
        [ -z "$path" ] || [ ! -f "/sys/fs/cgroup/memory$path/memory.usage_in_bytes" ] || echo "/sys/fs/cgroup/memory$path"
    fi
}

# The cgroup's high mark of the container's memory use: cgroup v2's memory.peak (Linux 5.19 and
# later) or v1's memory.max_usage_in_bytes, in CGROUP; empty when there is neither.
memory_peak_file() {
    local f
    for f in memory.peak memory.max_usage_in_bytes; do
        if [ -n "$1" ] && [ -f "$1/$f" ]; then echo "$1/$f"; return; fi
    done
}

# Where there is no high mark: the container's use every 0.2 s into $1 (bytes, one a line) until
# $2 exists, from its cgroup $3, or from docker stats where no cgroup was found.
memory_sampler() {
    local out=$1 stop=$2 cg=$3 file
    if [ -f "$cg/memory.current" ]; then file=memory.current; else file=memory.usage_in_bytes; fi
    while [ ! -e "$stop" ] && [ -d "$work" ]; do
        if [ -n "$cg" ]; then
            cat "$cg/$file" >> "$out" 2>/dev/null || true
        else
            docker stats --no-stream --format '{{.MemUsage}}' tt-mem-proxy 2>/dev/null |
                awk '{ v = $1; u = v; sub(/[0-9.]+/, "", u); sub(/[A-Za-z]+$/, "", v)
                       m = u == "KiB" ? 1024 : u == "MiB" ? 1048576 : u == "GiB" ? 1073741824 : 1
                       printf "%.0f\n", v * m }' >> "$out" || true
        fi
        sleep 0.2
    done
}

# transfer N KIND MIB [CURL ARGS...]: one transfer through the proxy; its line in $mdir/result.N
# is "KIND STATUS BYTES EXPECTED SECONDS". --max-time only guards against a transfer that hangs:
# on one busy core the whole load takes about 85 s, on two about 25.
transfer() {
    local n=$1 kind=$2 mib=$3
    shift 3
    curl -s --max-time 180 -w "$kind %{http_code} %{size_download} $((mib * 1048576)) %{time_total}\n" "$@" \
        > "$mdir/result.$n" 2> "$mdir/curl.$n" || true
}
# The same for an upload: BYTES is what the app says it received.
upload() {
    local n=$1 mib=$2 status secs received
    read -r status secs < <(curl -s --max-time 180 -o "$mdir/upload.$n" -w '%{http_code} %{time_total}\n' \
        -H 'Content-Type: application/octet-stream' -X POST -T "$mdir/body" "$mbase/cgi-bin/upload?3" \
        2> "$mdir/curl.$n" || true)
    received=$(sed -n 's/^received \([0-9]*\) bytes$/\1/p' "$mdir/upload.$n" 2>/dev/null || true)
    echo "upload ${status:-000} ${received:--} $((mib * 1048576)) ${secs:-0}" \
        > "$mdir/result.$n"
}

memory_failure_logs() {
    echo "-- docker inspect tt-mem-proxy:"
    docker inspect -f '{{json .State}} restarts={{.RestartCount}}' tt-mem-proxy 2>&1
    echo "-- docker logs tt-mem-proxy, not the access log (last 20 lines):"
    { docker logs tt-mem-proxy 2>&1 || true; } | grep -v '^{' | tail -n 20
    echo "-- transfers:"
    cat "$mdir"/result.* 2>/dev/null || true
    cat "$mdir"/curl.* 2>/dev/null || true
}

memory_checks() {
    on_failure() { memory_failure_logs; }
    local bb=telltale-test/busybox:local tt=telltale-test/telltale:local port t i n=0 pids=() cg state \
        peak_file sampler= peak how bad total_mib secs limit kinds
    # The daemon-away check before may have left it stopped, had it failed half-way.
    dockerd_running || start_dockerd
    mdir="$work/memory"
    mkdir -p "$mdir"
    port=$(free_port)
    mbase="http://127.0.0.1:$port"
    # The shipped config's limit on request bodies (100MiB) is off here: the uploads are larger.
    cat > "$mdir/proxy.yaml" <<EOF
listen: { address: 0.0.0.0, port: 8080, max_request_body_bytes: 0 }
admin: { address: 127.0.0.1, port: 9901 }
upstreams:
  app: { targets: [ "tt-mem-app:3000" ] }
routes:
  - { name: web, match: { path_prefix: / }, upstream: app }
access_log: { target: stdout }
EOF
    docker network create tt-memory >/dev/null
    start_container --name tt-mem-app --network tt-memory -v "$repo/docker/stream-app:/www:ro" \
        "$bb" httpd -f -p 3000 -h /www
    start_container --name tt-mem-proxy --network tt-memory --memory "${memory_limit_mib}m" \
        --memory-swap "${memory_limit_mib}m" -p "127.0.0.1:$port:8080" -v "$mdir:/etc/telltale:ro" "$tt"
    limit=$(docker inspect -f '{{.HostConfig.Memory}}' tt-mem-proxy)
    [ "$limit" = $((memory_limit_mib * 1048576)) ] || fail "memory: the proxy's container has a memory limit of $limit bytes"
    wait_for 60 eval '[ "$(code_of "$mbase/cgi-bin/download?1")" = 200 ]' \
        || fail "memory: the proxy does not answer 200 on $mbase within 60s"
    cg=$(memory_cgroup tt-mem-proxy)
    peak_file=$(memory_peak_file "$cg")
    : > "$mdir/samples"
    if [ -z "$peak_file" ]; then memory_sampler "$mdir/samples" "$mdir/stop" "$cg" & sampler=$!; fi

    t=$(date +%s)
    truncate -s 256M "$mdir/body"
    for i in 1 2 3 4 5 6 7 8; do
        n=$((n + 1))
        transfer "$n" download 256 -o /dev/null "$mbase/cgi-bin/download?256" &
        pids+=($!)
    done
    # The reader sleeps; curl blocks writing to it and stops reading the socket.
    for i in 1 2 3 4; do
        n=$((n + 1))
        transfer "$n" stalled 256 -o >(sleep 8; exec cat > /dev/null) "$mbase/cgi-bin/download?256" &
        pids+=($!)
    done
    for i in 1 2; do
        n=$((n + 1))
        transfer "$n" slow 48 --limit-rate 4M -o /dev/null "$mbase/cgi-bin/download?48" &
        pids+=($!)
    done
    for i in 1 2 3 4; do
        n=$((n + 1))
        upload "$n" 256 &
        pids+=($!)
    done
    for i in "${pids[@]}"; do wait "$i"; done
    secs=$(since "$t")
    touch "$mdir/stop"
    [ -z "$sampler" ] || wait "$sampler"

    cat "$mdir"/result.* > "$mdir/results"
    bad=$(awk '$2 != 200 || $3 != $4' "$mdir/results")
    total_mib=$(awk '{ s += $4 } END { print s / 1048576 }' "$mdir/results")
    [ "$(wc -l < "$mdir/results")" = "$n" ] || fail "memory: $(wc -l < "$mdir/results") results for $n transfers"
    [ -z "$bad" ] || fail "memory: transfers without 200 and every byte (kind, status, bytes, expected, seconds):
$bad"
    state=$(docker inspect -f '{{.State.Status}} OOMKilled={{.State.OOMKilled}} restarts={{.RestartCount}}' tt-mem-proxy)
    [ "$state" = "running OOMKilled=false restarts=0" ] || fail "memory: the proxy's container is $state after the transfers"

    if [ -n "$peak_file" ]; then
        peak=$(cat "$peak_file") how="the cgroup's ${peak_file##*/}"
    else
        peak=$(sort -n "$mdir/samples" | tail -n 1) how="the highest of $(wc -l < "$mdir/samples") samples"
        [ -n "$peak" ] || fail "memory: no sample of the container's memory"
    fi
    kinds=$(awk '{ n[$1]++ } END { for (k in n) print n[k] " " k }' "$mdir/results" | sort -k2 | paste -sd, - | sed 's/,/, /g')
    pass "memory: $n transfers ($kinds), ${total_mib} MiB in ${secs}s through the proxy under --memory ${memory_limit_mib}m: all 200 with every byte; still running, OOMKilled=false, no restart; peak $((peak / 1048576)) MiB of ${memory_limit_mib} MiB ($how)"
}

memory_main() {
    check memory memory_checks
    docker rm -f tt-mem-proxy tt-mem-app >/dev/null 2>&1 || true
    docker network rm tt-memory >/dev/null 2>&1 || true
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    cd "$(dirname "$0")/.."
    repo=$(pwd)
    t0=$(date +%s)
    . docker/testlib.sh
    setup_all
    memory_main
    summary
fi
