#!/usr/bin/env python3
"""The top frames of an async-profiler collapsed-stack file, by self and by total samples.

Usage: benchmarks/top_frames.py FILE [N]

Prints the N (default 20) frames with the most samples of their own (the leaf of a stack), then
the N with the most samples under them, and the share of the samples in each of Telltale's
packages, in Netty's HTTP codec, in the rest of Netty, and in the kernel, so that two profiles
can be read side by side.
"""
import collections
import sys

GROUPS = [  # (label, test on a frame), first match wins, read from the leaf up
    ("kernel", lambda f: f.endswith("_[k]")),
    ("Telltale", lambda f: f.startswith("dev/telltale/") or f.startswith("dev.telltale.")),
    ("Netty HTTP codec", lambda f: "/handler/codec/http/" in f or ".handler.codec.http." in f),
    ("Netty, the rest", lambda f: f.startswith("io/netty/") or f.startswith("io.netty.")),
]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__.strip())
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    own = collections.Counter()
    under = collections.Counter()
    grouped = collections.Counter()
    total = 0
    with open(sys.argv[1]) as f:
        for line in f:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if not stack:
                continue
            samples = int(count)
            frames = stack.split(";")
            total += samples
            own[frames[-1]] += samples
            for frame in set(frames):
                under[frame] += samples
            grouped[group_of(frames)] += samples
    if total == 0:
        sys.exit("no samples in " + sys.argv[1])
    print(f"{total} samples")
    for title, counter in (("self", own), ("total", under)):
        print(f"\n| {title} % | frame |\n| ---: | --- |")
        for frame, samples in counter.most_common(n):
            print(f"| {100.0 * samples / total:.1f} | `{frame}` |")
    print("\n| where the leaf is (or the nearest of these above it) | % |\n| --- | ---: |")
    for label, samples in grouped.most_common():
        print(f"| {label} | {100.0 * samples / total:.1f} |")


def group_of(frames):
    """The first group matching the leaf, then its callers in turn; 'other' when none does."""
    for frame in reversed(frames):
        for label, test in GROUPS:
            if test(frame):
                return label
    return "other (JVM, JDK, libc)"


if __name__ == "__main__":
    main()
