#!/usr/bin/env python3
"""Turns benchmarks/run's raw results into the Markdown report and an SVG chart.

Reads from the run's directory whichever of these exist (one TSV row per measurement):
core.tsv (core and sweep wrk runs), storm.tsv, idle.tsv, stream.tsv. Writes latest.md and
latest.svg to --out-dir. Standard library only.
"""
import argparse
import csv
import math
import os
import statistics

TARGETS = ["direct", "nginx", "haproxy", "telltale"]
PROXIES = ["nginx", "haproxy", "telltale"]
SIZES = {"small": "100-byte", "large": "64 KiB", "huge": "1 MiB"}
METRICS = [  # column, heading, format
    ("rps", "req/s", "{:,.0f}"),
    ("p50_ms", "p50 ms", "{:.3f}"),
    ("p99_ms", "p99 ms", "{:.3f}"),
    ("cpu_us_per_req", "CPU µs/req", "{:.1f}"),
    ("rss_mib", "peak RSS MiB", "{:.0f}"),
]
# The memory targets (docs/performance.md): with 10k idle connections, and under the core runs.
IDLE_TARGET_MIB = 160
IDLE_TARGET_CONNECTIONS = 10000
CORE_RSS_TARGET_MIB = 96
GARBAGE_TARGET_KB = 1.0


def num(v):
    return None if v in (None, "-", "") else float(v)


def med(vals):
    vals = [v for v in vals if v is not None]
    return statistics.median(vals) if vals else None


def fmt(v, f):
    return "–" if v is None else f.format(v)


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def fr(v):
    return "–" if v is None else f"{v:.2f}"


def load(directory, name):
    path = os.path.join(directory, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return list(csv.DictReader(f, delimiter="\t"))


def table(w, head, rows, left=1):
    w("| " + " | ".join(head) + " |")
    w("|" + "|".join([" --- "] * left + [" ---: "] * (len(head) - left)) + "|")
    for cells in rows:
        w("| " + " | ".join(cells) + " |")


class Core:
    """wrk runs of core and sweep: (path, connections, round, target) -> row."""

    def __init__(self, rows):
        self.runs = {(r["path"], int(r["connections"]), int(r["round"]), r["target"]): r for r in rows}
        self.rounds = sorted({int(r["round"]) for r in rows})

    def has(self, path, c, t=None):
        return any(k[0] == path and k[1] == c and (t is None or k[3] == t) for k in self.runs)

    def median(self, path, c, t, col):
        return med([num(self.runs[k][col]) for k in self.runs
                    if k[0] == path and k[1] == c and k[3] == t])

    def ratio(self, path, c, t, col, ref):
        """Median over rounds of this target's figure divided by ref's in the same round."""
        out = []
        for r in self.rounds:
            x, n = self.runs.get((path, c, r, t)), self.runs.get((path, c, r, ref))
            if x and n:
                out.append(ratio(num(x[col]), num(n[col])))
        return med(out)

    def total(self, path, c, t, col):
        return sum(int(self.runs[k][col]) for k in self.runs
                   if k[0] == path and k[1] == c and k[3] == t)


def core_section(w, core, c):
    for size in SIZES:
        if not core.has(size, c):
            continue
        vs_haproxy = size in ("large", "huge")  # where HAProxy leads, say how far
        w("")
        w(f"### /{size} ({SIZES[size]} response), {c} connections")
        w("")
        head = ["target"]
        for col, h, _ in METRICS:
            head += [h, "×nginx"] + (["×haproxy"] if vs_haproxy and col != "rss_mib" else [])
        head += ["errors", "non-2xx"]
        rows = []
        for t in TARGETS:
            if not core.has(size, c, t):
                continue
            cells = [t]
            for col, _, f in METRICS:
                m = core.median(size, c, t, col)
                cells += [fmt(m, f), "–" if m is None else fr(core.ratio(size, c, t, col, "nginx"))]
                if vs_haproxy and col != "rss_mib":
                    cells.append("–" if m is None else fr(core.ratio(size, c, t, col, "haproxy")))
            cells += [str(core.total(size, c, t, "errors")), str(core.total(size, c, t, "non2xx"))]
            rows.append(cells)
        table(w, head, rows)
        garbage = core.median(size, c, "telltale", "alloc_kb_per_req")
        rss = core.median(size, c, "telltale", "rss_mib")
        if garbage is not None:
            w("")
            w(f"Telltale allocated {garbage:.2f} KB per request (median; its JVM's "
              "`jvm_gc_memory_allocated_bytes_total` over the run, divided by the requests); "
              f"target ≤ {GARBAGE_TARGET_KB:.0f} KB for /small.")
        if rss is not None:
            verdict = "within it" if rss <= CORE_RSS_TARGET_MIB else "above it"
            w(f"Telltale's peak RSS target under this load: ≤ {CORE_RSS_TARGET_MIB} MiB. Here: {rss:.0f} MiB, {verdict}.")


def sweep_section(w, core):
    counts = sorted({k[1] for k in core.runs if k[0] == "small"})
    if len(counts) < 2:
        return
    w("")
    w("### Connection sweep: /small")
    w("")
    w("wrk with one thread at each connection count; the same rounds, targets interleaved.")
    w("")
    head = ["connections", "target", "req/s", "×nginx", "p50 ms", "p99 ms", "×nginx",
            "CPU µs/req", "×nginx", "peak RSS MiB", "errors", "non-2xx"]
    rows = []
    for c in counts:
        for t in TARGETS:
            if not core.has("small", c, t):
                continue
            rps = core.median("small", c, t, "rps")
            p99 = core.median("small", c, t, "p99_ms")
            cpu = core.median("small", c, t, "cpu_us_per_req")
            rows.append([f"{c:,}", t, fmt(rps, "{:,.0f}"), fr(core.ratio("small", c, t, "rps", "nginx")),
                         fmt(core.median("small", c, t, "p50_ms"), "{:.3f}"), fmt(p99, "{:.3f}"),
                         fr(core.ratio("small", c, t, "p99_ms", "nginx")), fmt(cpu, "{:.1f}"),
                         "–" if cpu is None else fr(core.ratio("small", c, t, "cpu_us_per_req", "nginx")),
                         fmt(core.median("small", c, t, "rss_mib"), "{:.0f}"),
                         str(core.total("small", c, t, "errors")), str(core.total("small", c, t, "non2xx"))])
    table(w, head, rows, left=2)


def per_round_section(w, core):
    w("")
    w("### Per round: ratio to nginx in the same round")
    w("")
    head = ["path", "conns", "round", "target", "req/s", "×nginx", "p50 ms", "×nginx", "p99 ms",
            "×nginx", "CPU µs/req", "×nginx"]
    rows = []
    cases = sorted({(k[0], k[1]) for k in core.runs},
                   key=lambda pc: (list(SIZES).index(pc[0]) if pc[0] in SIZES else 9, pc[1]))
    for path, c in cases:
        for r in core.rounds:
            n = core.runs.get((path, c, r, "nginx"))
            for t in TARGETS:
                x = core.runs.get((path, c, r, t))
                if not x:
                    continue
                cells = [f"/{path}", str(c), str(r), t]
                for col, _, f in METRICS[:4]:
                    v = num(x[col])
                    cells += [fmt(v, f), fr(ratio(v, num(n[col])) if n else None)]
                rows.append(cells)
    table(w, head, rows, left=1)


class Storm:
    """Light load quiet and beside each storm: (round, target, kind) -> row."""

    def __init__(self, rows):
        self.runs = {(int(r["round"]), r["target"], r["kind"]): r for r in rows}
        self.rounds = sorted({int(r["round"]) for r in rows})

    def per_round(self, t, kind, fn):
        out = []
        for r in self.rounds:
            x, q = self.runs.get((r, t, kind)), self.runs.get((r, t, "quiet"))
            if x and q:
                out.append(fn(x, q))
        return out

    @staticmethod
    def failures(x):
        return int(x["storm_non2xx"])

    def failures_per_s(self, t, kind):
        return self.per_round(t, kind, lambda x, q: ratio(self.failures(x), num(x["storm_seconds"])))

    def cpu_per_failure(self, t, kind):
        # The proxy's CPU beside the storm, less what the light load alone cost in the quiet run
        # of the same round (scaled to the same wall time), per failure response.
        def f(x, q):
            light = num(q["cpu_us"]) * num(x["seconds"]) / num(q["seconds"])
            return ratio(num(x["cpu_us"]) - light, self.failures(x))
        return self.per_round(t, kind, f)

    def p99(self, t, kind):
        return med([num(x["light_p99_ms"]) for k, x in self.runs.items() if k[1] == t and k[2] == kind])

    def statuses(self, t, kind):
        counts = {}
        for k, x in self.runs.items():
            if k[1] == t and k[2] == kind and x["statuses"] != "-":
                for item in x["statuses"].split(","):
                    code, n = item.split(":")
                    counts[code] = counts.get(code, 0) + int(n)
        return ", ".join(f"{code} ×{n:,}" for code, n in sorted(counts.items())) or "–"


def storm_section(w, storm, core, c):
    if not storm.runs:
        return
    per_round_ratio = lambda t, kind, series: med(
        [ratio(a, b) for a, b in zip(series(t, kind), series("nginx", kind))])
    w("")
    w("### Failure storms: 502 (connection refused) and 504 (silent upstream, 1 s timeout)")
    w("")
    w(f"wrk with {c} connections on `/refused/x`, or {10 * c} on `/silent/x` (where each answers "
      "once a second), for the run, beside a light load on the healthy `/small` "
      "(5 connections, one request per connection every 10 ms); `quiet` "
      "is the light load alone, in the same round. No proxy retries or ejects (Telltale may "
      "still answer 503 `destination_unavailable`; HAProxy answers 503 when it cannot connect). "
      "CPU µs/failure is the proxy's CPU time during the storm, less the quiet run's, per failure "
      "response; CPU µs/success is the core /small figure at the same connection count.")
    w("")
    head = ["target", "storm", "statuses", "failures/s", "×nginx", "CPU µs/failure", "×nginx",
            "CPU µs/success", "failure÷success", "healthy p99 ms quiet", "during storm",
            "storm÷quiet", "healthy non-2xx"]
    rows = []
    for kind, label in (("refused", "502 refused"), ("silent", "504 silent")):
        for t in PROXIES:
            if not any(k[1] == t and k[2] == kind for k in storm.runs):
                continue
            cpu_f = med(storm.cpu_per_failure(t, kind))
            cpu_s = core.median("small", c, t, "cpu_us_per_req")
            quiet, during = storm.p99(t, "quiet"), storm.p99(t, kind)
            p99_ratio = med(storm.per_round(t, kind, lambda x, q: ratio(num(x["light_p99_ms"]),
                                                                         num(q["light_p99_ms"]))))
            healthy_bad = sum(int(x["light_non2xx"]) for k, x in storm.runs.items()
                              if k[1] == t and k[2] == kind)
            noise = cpu_f is not None and cpu_f < 0  # the light load's CPU varied more than the storm's
            rows.append([t, label, storm.statuses(t, kind),
                         fmt(med(storm.failures_per_s(t, kind)), "{:,.0f}"),
                         fr(per_round_ratio(t, kind, storm.failures_per_s)),
                         "< 0 (noise)" if noise else fmt(cpu_f, "{:.1f}"),
                         "–" if noise else fr(per_round_ratio(t, kind, storm.cpu_per_failure)),
                         fmt(cpu_s, "{:.1f}"), "–" if noise else fr(ratio(cpu_f, cpu_s)),
                         fmt(quiet, "{:.3f}"), fmt(during, "{:.3f}"), fr(p99_ratio), str(healthy_bad)])
    table(w, head, rows, left=3)


def idle_section(w, idle, seconds):
    if not idle:
        return
    by = {x["target"]: x for x in idle}
    w("")
    w("### Idle keep-alive client connections")
    w("")
    w("Each client connection makes one `GET /small` (keep-alive), then all are held open. "
      f"RSS is VmRSS before opening them and after {seconds} s with all of them open; CPU is the "
      "proxy's time over those idle seconds. Closed early counts connections the proxy closed "
      "before the client did.")
    w("")
    head = ["target", "connections", "opened in s", "RSS before MiB", "RSS open MiB", "×nginx",
            "KiB per connection", "idle CPU ms", "closed early"]
    rows = []
    for t in PROXIES:
        x = by.get(t)
        if not x:
            continue
        before, opened, n = num(x["rss_before_mib"]), num(x["rss_open_mib"]), int(x["connections"])
        n_ref = by.get("nginx")
        rows.append([t, f"{n:,}", x["open_s"], fmt(before, "{:.0f}"), fmt(opened, "{:.0f}"),
                     fr(ratio(opened, num(n_ref["rss_open_mib"])) if n_ref else None),
                     fmt((opened - before) * 1024 / n, "{:.1f}"),
                     f"{x['cpu_ms']} over {x['idle_s']} s", x["closed_early"]])
    table(w, head, rows)
    if len({x["connections"] for x in idle}) > 1:
        w("")
        w("The counts differ: HAProxy needs two file descriptors per connection to start, and the "
          "open-file limit here was too low for it to hold them all.")
    tl = by.get("telltale")
    if tl:
        n, rss = int(tl["connections"]), num(tl["rss_open_mib"])
        verdict = ""
        if n >= IDLE_TARGET_CONNECTIONS:
            verdict = " — within it" if rss <= IDLE_TARGET_MIB else " — above it"
        w("")
        w(f"Target: Telltale ≤ {IDLE_TARGET_MIB} MiB RSS with {IDLE_TARGET_CONNECTIONS:,} "
          f"idle connections. Here: {rss:.0f} MiB with {n:,}{verdict}.")


def stream_section(w, stream):
    if not stream:
        return
    by = {(x["target"], x["direction"]): x for x in stream}
    w("")
    w("### Streaming one large body")
    w("")
    w("curl on core 1, one transfer per target: download `GET /gib` (a sparse file the upstream "
      "nginx serves), upload `PUT /upload/gib` (the same file as the request body, to a sink "
      "that counts and discards it). RSS is the proxy's VmRSS before, its peak over samples every "
      "0.5 s during the transfer, and after. A proxy that streams keeps peak − before small.")
    w("")
    head = ["target", "direction", "MiB", "MiB/s", "×nginx", "×haproxy", "RSS before MiB",
            "peak MiB", "after MiB", "peak − before MiB", "samples"]
    rows = []
    for d in ("download", "upload"):
        for t in TARGETS:
            x = by.get((t, d))
            if not x:
                continue
            speed = num(x["mib_per_s"])
            rn, rh = by.get(("nginx", d)), by.get(("haproxy", d))
            before, peak = num(x["rss_before_mib"]), num(x["rss_peak_mib"])
            rows.append([t, d, x["mib"], fmt(speed, "{:,.0f}"),
                         fr(ratio(speed, num(rn["mib_per_s"])) if rn else None),
                         fr(ratio(speed, num(rh["mib_per_s"])) if rh else None),
                         fmt(before, "{:.0f}"), fmt(peak, "{:.0f}"),
                         fmt(num(x["rss_after_mib"]), "{:.0f}"),
                         fmt(None if peak is None else peak - before, "{:.0f}"),
                         x["samples"] if before is not None else "–"])
    table(w, head, rows, left=2)


# ---------------------------------------------------------------- SVG chart, hand-written

COLOURS = {"direct": "#9e9e9e", "nginx": "#2e7d32", "haproxy": "#1565c0", "telltale": "#e65100"}


def esc(s):
    return str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def nice_max(v):
    if v <= 0:
        return 1
    mag = 10 ** math.floor(math.log10(v))
    for step in (1, 2, 2.5, 5, 10):
        if v <= step * mag:
            return step * mag
    return 10 * mag


def bar_panel(y0, title, groups, series, values, fmt_value, log=False, ref=None):
    """Grouped bars: one group per scenario, one bar per series. values[(group, series)]."""
    width, height, left, top, bottom = 960, 300, 70, 40, 56
    plot_w, plot_h = width - left - 20, height - top - bottom
    out = [f'<g transform="translate(0,{y0})">',
           f'<text x="{left}" y="22" font-size="15" font-weight="bold">{esc(title)}</text>']
    present = [v for v in values.values() if v is not None and (v > 0 or not log)]
    if not present:
        return out + ['</g>'], height
    if log:
        lo = math.floor(math.log10(min(present)))
        hi = max(lo + 1, math.ceil(math.log10(max(present))))
        ticks = [10 ** e for e in range(lo, hi + 1)]
        ypos = lambda v: top + plot_h - (math.log10(v) - lo) / (hi - lo) * plot_h
    else:
        vmax = nice_max(max(present + ([ref[0]] if ref else [])) * 1.1)
        ticks = [vmax * i / 5 for i in range(6)]
        ypos = lambda v: top + plot_h - v / vmax * plot_h
    for tv in ticks:
        y = ypos(tv)
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{tv:g}</text>')
    out.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" stroke="#333"/>')
    group_w = plot_w / len(groups)
    bar_w = min(28, group_w * 0.8 / len(series))
    for gi, g in enumerate(groups):
        gx = left + gi * group_w + (group_w - bar_w * len(series)) / 2
        for si, s in enumerate(series):
            v = values.get((g, s))
            if v is None or (log and v <= 0):
                continue
            x, y = gx + si * bar_w, ypos(v)
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" '
                       f'height="{top + plot_h - y:.1f}" fill="{COLOURS[s]}"><title>{esc(g)}, {s}: '
                       f'{esc(fmt_value(v))}</title></rect>')
            out.append(f'<text x="{x + (bar_w - 2) / 2:.1f}" y="{y - 3:.1f}" font-size="9" '
                       f'text-anchor="middle">{esc(fmt_value(v))}</text>')
        for li, line in enumerate(g.split("\n")):
            out.append(f'<text x="{left + (gi + 0.5) * group_w:.1f}" y="{top + plot_h + 16 + 13 * li}" '
                       f'font-size="11" text-anchor="middle">{esc(line)}</text>')
    if ref:  # (value, label, groups it applies to or None for all)
        value, text, applies = ref
        span = range(len(groups)) if applies is None else [groups.index(g) for g in applies]
        x1, x2 = left + min(span) * group_w, left + (max(span) + 1) * group_w
        y = ypos(value)
        out.append(f'<line x1="{x1:.1f}" x2="{x2:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                   f'stroke="#000" stroke-dasharray="5,4"/>')
        out.append(f'<text x="{x2 - 4:.1f}" y="{y - 4:.1f}" font-size="11" '
                   f'text-anchor="end">{esc(text)}</text>')
    out.append('</g>')
    return out, height


def chart(core, storm, idle, stream, c):
    panels = []
    cases = [(s, c) for s in SIZES if core.has(s, c)]
    cases += sorted((("small", n) for n in {k[1] for k in core.runs if k[0] == "small"} if n != c),
                    key=lambda pc: pc[1])
    label = lambda pc: f"/{pc[0]}\n{pc[1]} conns"

    ratios = {(label(pc), t): core.ratio(pc[0], pc[1], t, "rps", "nginx")
              for pc in cases for t in ("direct", "haproxy", "telltale")}
    if cases:
        panels.append(("req/s relative to nginx (median of per-round ratios; dashed line: nginx)",
                       [label(pc) for pc in cases], ["direct", "haproxy", "telltale"], ratios,
                       lambda v: f"{v:.2f}", False, (1.0, "nginx = 1", None)))

    cpu = {(label(pc), t): core.median(pc[0], pc[1], t, "cpu_us_per_req") for pc in cases for t in PROXIES}
    groups = [label(pc) for pc in cases]
    for kind, name in (("refused", "502 storm\nper failure"), ("silent", "504 storm\nper failure")):
        if any(k[2] == kind for k in storm.runs):
            groups.append(name)
            for t in PROXIES:
                cpu[(name, t)] = med(storm.cpu_per_failure(t, kind))
    if any(v is not None for v in cpu.values()):
        panels.append(("Proxy CPU µs per response (median; log scale)", groups, PROXIES, cpu,
                       lambda v: f"{v:.0f}" if v >= 10 else f"{v:.1f}", True, None))

    mem, groups, idle_group = {}, [], None
    if idle:
        n = max(int(x["connections"]) for x in idle)
        idle_group = f"RSS, {n:,} idle\nconnections"
        g = idle_group
        groups.append(g)
        for x in idle:
            mem[(g, x["target"])] = num(x["rss_open_mib"])
    for d in ("download", "upload"):
        rows = [x for x in stream if x["direction"] == d and x["target"] in PROXIES]
        if rows:
            g = f"peak RSS, {rows[0]['mib']} MiB\n{d}"
            groups.append(g)
            for x in rows:
                mem[(g, x["target"])] = num(x["rss_peak_mib"])
    if groups:
        panels.append(("Proxy memory, MiB", groups, PROXIES, mem, lambda v: f"{v:.0f}", False,
                       (IDLE_TARGET_MIB, f"Telltale's target: {IDLE_TARGET_MIB} MiB",
                        [idle_group]) if idle else None))

    body, y = [], 40
    for title, groups, series, values, f, log, ref in panels:
        part, h = bar_panel(y, title, groups, series, values, f, log, ref)
        body += part
        y += h
    legend, x = [], 70
    for t in TARGETS:
        legend.append(f'<rect x="{x}" y="12" width="12" height="12" fill="{COLOURS[t]}"/>'
                      f'<text x="{x + 16}" y="22" font-size="12">{t}</text>')
        x += 100
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="960" height="{y + 10}" '
        f'viewBox="0 0 960 {y + 10}" font-family="sans-serif">',
        f'<rect width="960" height="{y + 10}" fill="#fff"/>', *legend, *body, '</svg>', ""])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("directory", help="the run's directory, holding core.tsv, storm.tsv, ...")
    ap.add_argument("--out-dir", required=True)
    for k in ("date", "machine", "versions", "pinning", "command", "connections", "duration",
              "rounds", "idle-seconds"):
        ap.add_argument("--" + k, required=True)
    a = ap.parse_args()
    c = int(a.connections)

    core = Core(load(a.directory, "core.tsv"))
    storm = Storm(load(a.directory, "storm.tsv"))
    idle = load(a.directory, "idle.tsv")
    stream = load(a.directory, "stream.tsv")

    out = []
    w = out.append
    w(f"Date: {a.date}  ")
    w(f"Machine: {a.machine}  ")
    w(f"Software: {a.versions}  ")
    w(f"CPU layout: {a.pinning}  ")
    w(f"Load: wrk, 1 thread, {c} keep-alive connections unless said otherwise, {a.duration} s per "
      f"run, {a.rounds} round(s) interleaved  ")
    w(f"Command: `{a.command}`")
    w("")
    w("Medians over rounds. ×nginx (×haproxy) is the median of the per-round ratios to nginx "
      "(HAProxy) (for req/s and MiB/s higher is better, for the others lower is better). `direct` "
      "is the client straight at the upstream: the limit of this layout, not a proxy. Peak RSS "
      "is VmHWM since start.")
    core_section(w, core, c)
    sweep_section(w, core)
    storm_section(w, storm, core, c)
    idle_section(w, idle, a.idle_seconds)
    stream_section(w, stream)
    if core.runs:
        per_round_section(w, core)

    os.makedirs(a.out_dir, exist_ok=True)
    with open(os.path.join(a.out_dir, "latest.md"), "w") as f:
        f.write("\n".join(out) + "\n")
    with open(os.path.join(a.out_dir, "latest.svg"), "w") as f:
        f.write(chart(core, storm, idle, stream, c))


if __name__ == "__main__":
    main()
