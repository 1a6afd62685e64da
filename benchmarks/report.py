#!/usr/bin/env python3
"""Turns benchmarks/run's raw results (one TSV row per wrk run) into the Markdown report."""
import argparse
import csv
import statistics

TARGETS = ["direct", "nginx", "haproxy", "telltale"]
PROXIES = ["nginx", "haproxy", "telltale"]
METRICS = [  # column, heading, format
    ("rps", "req/s", "{:,.0f}"),
    ("p50_ms", "p50 ms", "{:.3f}"),
    ("p99_ms", "p99 ms", "{:.3f}"),
    ("cpu_us_per_req", "CPU µs/req", "{:.1f}"),
    ("rss_mib", "peak RSS MiB", "{:.0f}"),
]


def num(v):
    return None if v in ("-", "") else float(v)


def med(vals):
    vals = [v for v in vals if v is not None]
    return statistics.median(vals) if vals else None


def fmt(v, f):
    return "–" if v is None else f.format(v)


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    for k in ("date", "machine", "versions", "pinning", "command", "connections", "duration"):
        ap.add_argument("--" + k, required=True)
    a = ap.parse_args()

    rows = list(csv.DictReader(open(a.results), delimiter="\t"))
    runs = {}  # (size, round, target) -> row
    for r in rows:
        runs[(r["size"], int(r["round"]), r["target"])] = r
    rounds = sorted({int(r["round"]) for r in rows})
    sizes = [s for s in ("small", "large") if any(r["size"] == s for r in rows)]
    body = {"small": "100-byte", "large": "64 KiB"}

    out = []
    w = out.append
    w(f"Date: {a.date}  ")
    w(f"Machine: {a.machine}  ")
    w(f"Software: {a.versions}  ")
    w(f"CPU layout: {a.pinning}  ")
    w(f"Load: wrk, 1 thread, {a.connections} keep-alive connections, {a.duration} s per run, "
      f"{len(rounds)} round(s) interleaved  ")
    w(f"Command: `{a.command}`")
    w("")
    w("Medians over rounds. ×nginx is the median of the per-round ratios to nginx "
      "(for req/s higher is better, for the others lower is better). `direct` is wrk straight "
      "at the upstream: the limit of this layout, not a proxy. Peak RSS is VmHWM since start.")
    for size in sizes:
        w("")
        w(f"### /{size} ({body[size]} response)")
        w("")
        head = ["target"]
        for _, h, _ in METRICS:
            head += [h, "×nginx"]
        head += ["errors", "non-2xx"]
        w("| " + " | ".join(head) + " |")
        w("|" + "|".join([" --- "] + [" ---: "] * (len(head) - 1)) + "|")
        for t in TARGETS:
            cells = [t]
            mine = [runs.get((size, r, t)) for r in rounds]
            if not any(mine):
                continue
            for col, _, f in METRICS:
                vals = [num(x[col]) if x else None for x in mine]
                ratios = []
                for r in rounds:
                    x, n = runs.get((size, r, t)), runs.get((size, r, "nginx"))
                    if x and n:
                        ratios.append(ratio(num(x[col]), num(n[col])))
                m = med(vals)
                rr = med(ratios)
                cells += [fmt(m, f), "–" if rr is None or m is None else f"{rr:.2f}"]
            cells.append(str(sum(int(x["errors"]) for x in mine if x)))
            cells.append(str(sum(int(x["non2xx"]) for x in mine if x)))
            w("| " + " | ".join(cells) + " |")

    w("")
    w("### Per round: ratio to nginx in the same round")
    w("")
    w("| size | round | target | req/s | ×nginx | p50 ms | ×nginx | p99 ms | ×nginx | CPU µs/req | ×nginx |")
    w("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in sizes:
        for r in rounds:
            n = runs.get((size, r, "nginx"))
            for t in TARGETS:
                x = runs.get((size, r, t))
                if not x:
                    continue
                cells = [f"/{size}", str(r), t]
                for col, _, f in METRICS[:4]:
                    v = num(x[col])
                    rr = ratio(v, num(n[col])) if n else None
                    cells += [fmt(v, f), "–" if rr is None else f"{rr:.2f}"]
                w("| " + " | ".join(cells) + " |")
    print("\n".join(out))


if __name__ == "__main__":
    main()
