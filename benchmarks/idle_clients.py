#!/usr/bin/env python3
"""Opens many keep-alive client connections to a proxy, makes one request on each, holds them
all idle, and reads the proxy's memory and CPU time from /proc while they are open.

Prints one line, IDLE_RESULT key=value ..., for benchmarks/run. Exits 1 when a connection
cannot be opened or a response is not 200 with the expected body: the figures would be wrong.
"""
import argparse
import asyncio
import os
import sys
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")


def vm_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


def cpu_ticks(pid):
    # utime + stime of all threads: fields 14 and 15, counted after the ")" that ends the name
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


async def open_one(args, request, expected, gate):
    async with gate:
        reader, writer = await asyncio.open_connection(args.host, args.port)
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = lines[0].split(" ")[1] if len(lines[0].split(" ")) > 1 else "?"
        length = None
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        if status != "200" or length is None:
            writer.close()
            raise ValueError(f"got status {status}, Content-Length {length}; want 200 with a length")
        body = await reader.readexactly(length)
        if body != expected:
            writer.close()
            raise ValueError(f"got a {len(body)}-byte body that differs from the upstream's")
        return reader, writer


async def run(args):
    expected = open(args.expect, "rb").read()
    request = (f"GET {args.path} HTTP/1.1\r\nHost: 127.0.0.1:{args.port}\r\n"
               f"User-Agent: telltale-bench-idle\r\n\r\n").encode()
    rss_before = vm_rss_kib(args.pid)
    gate = asyncio.Semaphore(args.concurrency)
    t0 = time.monotonic()
    results = await asyncio.gather(
        *(open_one(args, request, expected, gate) for _ in range(args.connections)),
        return_exceptions=True)
    open_s = time.monotonic() - t0
    conns = [r for r in results if not isinstance(r, BaseException)]
    failures = [r for r in results if isinstance(r, BaseException)]
    if failures:
        for _, w in conns:
            w.close()
        kinds = {}
        for f in failures:
            kinds.setdefault(f"{type(f).__name__}: {f}", 0)
            kinds[f"{type(f).__name__}: {f}"] += 1
        for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1])[:5]:
            print(f"idle_clients: {n} connection(s) failed: {kind}", file=sys.stderr)
        return 1

    # Let the proxy finish with the requests (upstream connections back in pools) before timing.
    await asyncio.sleep(args.settle)
    rss_start = vm_rss_kib(args.pid)
    c0, t1 = cpu_ticks(args.pid), time.monotonic()
    await asyncio.sleep(args.idle)
    c1, t2 = cpu_ticks(args.pid), time.monotonic()
    rss_open = vm_rss_kib(args.pid)
    closed = sum(1 for r, _ in conns if r.at_eof() or r.exception() is not None)

    for _, w in conns:
        w.close()
    await asyncio.gather(*(w.wait_closed() for _, w in conns), return_exceptions=True)

    cpu_ms = (c1 - c0) * 1000 / CLK_TCK
    print(f"IDLE_RESULT connections={len(conns)} open_s={open_s:.2f} "
          f"rss_before_kib={rss_before} rss_start_kib={rss_start} rss_open_kib={rss_open} "
          f"idle_s={t2 - t1:.2f} cpu_ms={cpu_ms:.0f} closed_early={closed}", flush=True)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--path", default="/small")
    ap.add_argument("--expect", required=True, help="file holding the expected response body")
    ap.add_argument("--pid", type=int, required=True, help="the proxy's process, read in /proc")
    ap.add_argument("--connections", type=int, default=10000)
    ap.add_argument("--concurrency", type=int, default=100, help="connections being opened at once")
    ap.add_argument("--settle", type=float, default=1.0, help="seconds between opening and measuring")
    ap.add_argument("--idle", type=float, default=10.0, help="seconds of idle CPU time measured")
    sys.exit(asyncio.run(run(ap.parse_args())))


if __name__ == "__main__":
    main()
