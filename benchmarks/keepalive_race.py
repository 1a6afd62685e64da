#!/usr/bin/env python3
"""The keep-alive race, piece by piece, for benchmarks/keepalive-race. Standard library only.

  upstream PORT --idle S
      An app that closes an idle keep-alive connection after S seconds without saying so (no
      Keep-Alive header), as Python's http.server with a handler timeout, gunicorn or Flask's
      dev server do: a ThreadingHTTPServer whose handler has timeout = S. It answers GET and
      POST (the body read by Content-Length) with 200 and a small body.

  relay PORT UPSTREAM_PORT --delay MS
      A TCP relay between proxy and app that makes them two hosts: every chunk, in each
      direction, is passed on MS milliseconds after it arrived, and so is a close (FIN: the
      other side is half-closed; a reset: the other side is reset).

  client PORT --path P --posts N --idle S [--span-ms M] [--step-ms T] [--key]
      One persistent HTTP/1.1 client connection to a proxy: N POSTs with a small body, and
      between them (from the last byte of one answer to the first byte of the next request) a
      gap swept from S - M ms to S + M ms in steps of T ms, then again from the start. With
      --key every POST carries an Idempotency-Key header (a new UUID each). Counts the
      outcomes: 2xx, 502, other statuses, and the times the proxy closed the client connection
      without answering (then it connects again and goes on with the next POST). Prints one
      JSON line.

  report DIR --command C --telltale-log F --nginx-log F --haproxy-log F
      The Markdown table of every client-PROXY-KEY.out in DIR, and what each proxy's log says
      of the same POSTs. Exits 1 when Telltale's access log does not hold exactly as many 502s
      as the client counted.

upstream and relay print "ready" once their port is bound, then run until killed.
"""
import argparse
import asyncio
import http.server
import json
import os
import re
import select
import socket
import struct
import sys
import time
import uuid


# ------------------------------------------------------------------ upstream

def upstream(args):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # StreamRequestHandler puts this on the socket: waiting longer than it for the next
        # request ends handle_one_request, and the server closes the connection, unannounced.
        timeout = args.idle

        def answer(self, body):
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            self.answer(b"ok\n")

        def do_POST(self):
            n = int(self.headers.get("Content-Length") or 0)
            got = self.rfile.read(n) if n > 0 else b""
            self.answer(b"received %d\n" % len(got))

        def log_message(self, fmt, *a):  # one line per request would only slow it down
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print("ready", flush=True)
    server.serve_forever()


# ------------------------------------------------------------------ relay

EOF, RESET = object(), object()


def reset(writer):
    """Closes with an RST rather than a FIN (SO_LINGER on, 0 s)."""
    sock = writer.get_extra_info("socket")
    try:
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    writer.transport.abort()


async def pipe(reader, writer, delay):
    """Passes what reader gives on to writer, each chunk and the end `delay` seconds later."""
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def forward():
        while True:
            due, item = await queue.get()
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                if item is EOF:
                    if not writer.transport.is_closing():
                        writer.write_eof()
                    return
                if item is RESET:
                    reset(writer)
                    return
                writer.write(item)
                await writer.drain()
            except (OSError, RuntimeError):
                return  # the other side is gone; its own reader says how

    sender = asyncio.create_task(forward())
    while True:
        try:
            data = await reader.read(65536)
        except OSError:
            queue.put_nowait((loop.time() + delay, RESET))
            break
        queue.put_nowait((loop.time() + delay, data if data else EOF))
        if not data:
            break
    await sender


def relay(args):
    delay = args.delay / 1000.0

    async def connection(c_reader, c_writer):
        try:
            u_reader, u_writer = await asyncio.open_connection("127.0.0.1", args.upstream_port)
        except OSError:
            reset(c_writer)
            return
        for w in (c_writer, u_writer):
            sock = w.get_extra_info("socket")
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            await asyncio.gather(pipe(c_reader, u_writer, delay), pipe(u_reader, c_writer, delay))
        finally:
            for w in (c_writer, u_writer):
                w.transport.close()

    async def main():
        server = await asyncio.start_server(connection, "127.0.0.1", args.port, backlog=256)
        print("ready", flush=True)
        async with server:
            await server.serve_forever()

    asyncio.run(main())


# ------------------------------------------------------------------ client

class Dropped(Exception):
    """The proxy closed (or reset) the client connection before a whole answer."""


def read_response(sock, buf, deadline):
    """Reads one response; returns (status, headers dict with lower-case names, rest of buf)."""
    def fill():
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        sock.settimeout(left)
        try:
            data = sock.recv(65536)
        except socket.timeout:
            raise TimeoutError
        except OSError as e:
            raise Dropped(str(e))
        if not data:
            raise Dropped("closed")
        return data

    while b"\r\n\r\n" not in buf:
        buf += fill()
    head, buf = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if "chunked" in headers.get("transfer-encoding", "").lower():
        while True:  # the proxies' own error pages may be chunked
            while b"\r\n" not in buf:
                buf += fill()
            size_line, buf = buf.split(b"\r\n", 1)
            size = int(size_line.split(b";")[0], 16)
            while len(buf) < size + 2:
                buf += fill()
            buf = buf[size + 2:]
            if size == 0:
                break
    else:
        length = int(headers.get("content-length", "0"))
        while len(buf) < length:
            buf += fill()
        buf = buf[length:]
    return status, headers, buf


def closed_by_peer(sock):
    """True when the proxy has closed the idle connection (readable, and nothing to read)."""
    r, _, _ = select.select([sock], [], [], 0)
    if not r:
        return False
    try:
        return sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def client(args):
    span, step = args.span_ms / 1000.0, args.step_ms / 1000.0
    steps = int(round(2 * span / step)) + 1 if step > 0 else 1
    gaps = [args.idle - span + i * step for i in range(steps)]
    body = b'{"order": 1}'
    counts = {"posts": 0, "2xx": 0, "502": 0, "other": 0, "dropped": 0, "connections": 0}
    statuses = {}
    failed_offsets_ms = []  # gap - idle, for each POST that did not get 2xx
    answer_ms = []  # request sent to answer read, for each 2xx

    def connect():
        s = socket.create_connection(("127.0.0.1", args.port), timeout=5)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        counts["connections"] += 1
        return s

    sock, buf = connect(), b""
    # Warm-up: POSTs back to back, not counted, so that a JIT compiler has seen the path.
    for i in range(args.warmup):
        try:
            sock.sendall((f"POST {args.path}warmup HTTP/1.1\r\nHost: app.test\r\n"
                          f"Content-Length: {len(body)}\r\nX-Request-Id: {args.label}-warmup-{i}\r\n\r\n")
                         .encode("latin-1") + body)
            _, headers, buf = read_response(sock, buf, time.monotonic() + args.timeout)
            again = headers.get("connection", "").lower() == "close"
        except (Dropped, OSError):  # TimeoutError included
            again = True
        if again:
            sock.close()
            sock, buf = connect(), b""
    counts["connections"] = 1
    started = time.monotonic()
    for i in range(args.posts):
        gap = gaps[i % len(gaps)]
        time.sleep(gap)  # from the end of the last answer (of the warm-up, for the first)
        if closed_by_peer(sock):  # closed while idle, after an answer: not a dropped POST
            sock.close()
            sock, buf = connect(), b""
        head = (f"POST {args.path}{i} HTTP/1.1\r\nHost: app.test\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                f"X-Request-Id: {args.label}-{i}\r\n")
        if args.key:
            head += f"Idempotency-Key: {uuid.uuid4()}\r\n"
        counts["posts"] += 1
        outcome = None
        try:
            sent = time.monotonic()
            sock.sendall(head.encode("latin-1") + b"\r\n" + body)
            status, headers, buf = read_response(sock, buf, sent + args.timeout)
            statuses[str(status)] = statuses.get(str(status), 0) + 1
            outcome = "2xx" if 200 <= status < 300 else "502" if status == 502 else "other"
            if outcome == "2xx":
                answer_ms.append((time.monotonic() - sent) * 1000)
            if headers.get("connection", "").lower() == "close":
                sock.close()
                sock, buf = connect(), b""
        except TimeoutError:  # counted as "other"; the connection is not used again
            outcome = "timeout"
            statuses["timeout"] = statuses.get("timeout", 0) + 1
        except (Dropped, OSError):
            outcome = "dropped"
        counts["other" if outcome == "timeout" else outcome] += 1
        if outcome != "2xx":
            failed_offsets_ms.append(round((gap - args.idle) * 1000, 1))
        if outcome in ("dropped", "timeout"):
            sock.close()
            sock, buf = connect(), b""
    sock.close()
    answer_ms.sort()
    pick = (lambda q: round(answer_ms[min(len(answer_ms) - 1, int(q * len(answer_ms)))], 1)) if answer_ms else (lambda q: None)
    sweep = {"from": round(-span * 1000, 1), "to": round((gaps[-1] - args.idle) * 1000, 1), "step": args.step_ms}
    print(json.dumps({
        "label": args.label, "path": args.path, "key": bool(args.key), **counts, "statuses": statuses,
        "idle_s": args.idle, "gap_minus_idle_ms": sweep, "failed_offsets_ms": sorted(failed_offsets_ms),
        "answer_ms_2xx": {"p50": pick(0.5), "p90": pick(0.9), "p99": pick(0.99), "max": pick(1.0)},
        "seconds": round(time.monotonic() - started, 1)}), flush=True)


# ------------------------------------------------------------------ report

PROXIES = ("telltale", "nginx", "haproxy")
KEYS = ("nokey", "key")
NAMES = {"telltale": "Telltale", "nginx": "nginx", "haproxy": "HAProxy"}
MEASURED = re.compile(r"^/(nokey|key)/\d+$")  # not the warm-up's POSTs


def log_lines(path):
    """The lines of a log, none when the proxy never wrote it."""
    try:
        with open(path) as f:
            yield from f
    except OSError:
        return


def telltale_outcomes(path):
    """Per route: the 502s by failure, other failures, and answers after a stale_connection retry."""
    out = {k: {"502": {}, "other_failures": {}, "retried_stale": 0} for k in KEYS}
    for line in log_lines(path):
        try:
            e = json.loads(line)
        except ValueError:
            continue
        r = out.get(e.get("route"))
        if r is None or e.get("method") != "POST" or not MEASURED.match(e.get("path") or ""):
            continue
        if e.get("status") == 502:
            name = e.get("failure") or "none"
            r["502"][name] = r["502"].get(name, 0) + 1
        elif e.get("failure"):
            name = f'{e.get("status")} {e.get("failure")}'
            r["other_failures"][name] = r["other_failures"].get(name, 0) + 1
        if any(x.get("failure") == "stale_connection" for x in e.get("retries") or []):
            r["retried_stale"] += 1
    return out


def grouped(path, pattern, group_of):
    """Per route: how many lines of a log matched, by what group_of makes of the match (route, name)."""
    out = {k: {} for k in KEYS}
    for line in log_lines(path):
        m = pattern.search(line)
        if m:
            route, name = group_of(m)
            if route in out:
                out[route][name] = out[route].get(name, 0) + 1
    return out


def nginx_outcomes(path):
    """Per route: the error log's messages for POSTs, grouped."""
    pattern = re.compile(r'\[(\w+)\] [^*]*\*\d+ (.*?), client: .*?request: "POST /(\w+)/\d+ ')
    return grouped(path, pattern,
                   lambda m: (m.group(3), re.sub(r"\d+: ", "", f"[{m.group(1)}] {m.group(2)}")))


def haproxy_outcomes(path):
    """Per backend: the POSTs logged (option httplog), by status and termination state."""
    pattern = re.compile(r' (\w+)/\S+ \S+ (-?\d+) \S+ \S+ \S+ (\S{4}) .*"POST /\w+/\d+ ')
    return grouped(path, pattern,
                   lambda m: (m.group(1), f"logged with status {m.group(2)}, termination state {m.group(3)}"))


def report(args):
    runs = {}
    for p in PROXIES:
        for k in KEYS:
            try:
                with open(os.path.join(args.logs, f"client-{p}-{k}.out")) as f:
                    runs[p, k] = json.loads(f.read().strip().splitlines()[-1])
            except (OSError, ValueError, IndexError):
                pass
    print(f"Command: `{args.command}`  ")
    any_run = next(iter(runs.values()), None)
    if any_run:
        lo, hi, step = (any_run["gap_minus_idle_ms"][x] for x in ("from", "to", "step"))
        print(f"The app closes an idle connection after {any_run['idle_s']} s; each client sends "
              f"{any_run['posts']} POSTs on one connection, {lo:+g} to {hi:+g} ms around that "
              f"in {step:g} ms steps.\n")
    print("| proxy | Idempotency-Key | POSTs | 2xx | 502 | other | dropped |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for (p, k), r in runs.items():
        print(f"| {NAMES[p]} | {'yes' if k == 'key' else 'no'} | {r['posts']} | {r['2xx']} | "
              f"{r['502']} | {r['other']} | {r['dropped']} |")
    print()
    ok = True
    tl = telltale_outcomes(args.telltale_log)
    for k in KEYS:
        r = runs.get(("telltale", k))
        if r is None:
            continue
        t = tl[k]
        logged = sum(t["502"].values())
        same = logged == r["502"]
        ok = ok and same
        names = ", ".join(f"{n} × {v}" for v, n in t["502"].items())
        others = ", ".join(f"{n} × {v}" for v, n in t["other_failures"].items()) or "none"
        print(f"- Telltale's access log, route {k}: {logged} × 502{f' ({names})' if names else ''}, "
              f"{'as the client counted' if same else 'MISMATCH: the client counted ' + str(r['502'])}; "
              f"{t['retried_stale']} answered after a retry on a fresh connection; other failures: {others}")
    for name, outcomes in (("nginx's error log", nginx_outcomes(args.nginx_log)),
                           ("HAProxy's log", haproxy_outcomes(args.haproxy_log))):
        for k in KEYS:
            seen = "; ".join(f"{n} × {v}" for v, n in sorted(outcomes[k].items(), key=lambda x: -x[1]))
            print(f"- {name}, {k}: {seen or 'no line for a POST'}")
    for (p, k), r in runs.items():
        a = r.get("answer_ms_2xx") or {}
        if a.get("p50") is not None:
            print(f"- {NAMES[p]} {k}: a 2xx took {a['p50']:g} ms (median), {a['p90']:g} (p90), "
                  f"{a['p99']:g} (p99), {a['max']:g} (max) from request sent to answer read")
    for (p, k), r in runs.items():
        if r["failed_offsets_ms"]:
            print(f"- {NAMES[p]} {k}: not 2xx at gap - idle (ms) = "
                  f"{', '.join(f'{x:+g}' for x in r['failed_offsets_ms'])}")
    if not ok:
        print("\nThe client's 502s and Telltale's access log disagree: the counting is wrong.")
        sys.exit(1)


# ------------------------------------------------------------------ command line

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    u = sub.add_parser("upstream")
    u.add_argument("port", type=int)
    u.add_argument("--idle", type=float, default=1.0, help="idle close, seconds (default 1.0)")
    r = sub.add_parser("relay")
    r.add_argument("port", type=int)
    r.add_argument("upstream_port", type=int)
    r.add_argument("--delay", type=float, default=3.0, help="one-way delay, ms (default 3)")
    c = sub.add_parser("client")
    c.add_argument("port", type=int)
    c.add_argument("--path", default="/", help="path prefix; the POST's number is appended")
    c.add_argument("--posts", type=int, default=300)
    c.add_argument("--idle", type=float, default=1.0, help="the app's idle close, seconds")
    c.add_argument("--span-ms", type=float, default=15.0, help="gaps from idle - span to idle + span")
    c.add_argument("--step-ms", type=float, default=0.5, help="the gap's step")
    c.add_argument("--key", action="store_true", help="send Idempotency-Key with every POST")
    c.add_argument("--label", default="race", help="named in the JSON and in X-Request-Id")
    c.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for an answer")
    c.add_argument("--warmup", type=int, default=0, help="POSTs sent back to back first, not counted")
    rp = sub.add_parser("report")
    rp.add_argument("logs", help="the directory with client-PROXY-KEY.out files")
    rp.add_argument("--command", default="benchmarks/keepalive-race")
    rp.add_argument("--telltale-log", default="")
    rp.add_argument("--nginx-log", default="")
    rp.add_argument("--haproxy-log", default="")
    args = p.parse_args()
    {"upstream": upstream, "relay": relay, "client": client, "report": report}[args.cmd](args)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
