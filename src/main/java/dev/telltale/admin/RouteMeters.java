package dev.telltale.admin;

import io.micrometer.core.instrument.Counter;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One route's meters as the last requests found them, so that the usual request (relayed from
 * the upstream, no failure) finds its counter and timers without making a key to look them up.
 * Thread-safe: a slot or the kept timers are replaced whole, and a request that misses them looks
 * them up by key as before, which gives the same meters.
 */
final class RouteMeters {

    /** Status codes are three digits: 100 to 599. */
    private static final int STATUSES = 600;

    private final AtomicReferenceArray<Counter> relayedByStatus = new AtomicReferenceArray<>(STATUSES);
    private volatile KeptTimers kept;

    private record KeptTimers(String upstream, ProxyMetrics.UpstreamTimers timers) {
    }

    /** The counter of responses with {@code status} relayed from the upstream, or null if not kept yet. */
    Counter relayed(int status) {
        return status >= 0 && status < STATUSES ? relayedByStatus.get(status) : null;
    }

    void keepRelayed(int status, Counter counter) {
        if (status >= 0 && status < STATUSES) {
            relayedByStatus.set(status, counter);
        }
    }

    /** The route's timers towards {@code upstream}, or null if others (or none) are kept. */
    ProxyMetrics.UpstreamTimers timers(String upstream) {
        KeptTimers timers = kept;
        return timers != null && timers.upstream().equals(upstream) ? timers.timers() : null;
    }

    void keepTimers(String upstream, ProxyMetrics.UpstreamTimers timers) {
        kept = new KeptTimers(upstream, timers);
    }
}
