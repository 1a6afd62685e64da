package dev.telltale.admin;

import io.micrometer.core.instrument.Counter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One route's meters, found by what the request already carries (its status, its upstream's
 * name), so that the usual request makes no key to look them up: the counters of responses
 * relayed from the upstream without a failure, by status, and the upstream timers, by upstream.
 * Thread-safe: two requests that make the same meter at once get the one the registry holds.
 */
final class RouteMeters {

    /** Status codes are three digits: 100 to 599. */
    private static final int STATUSES = 600;

    private final AtomicReferenceArray<Counter> relayedByStatus = new AtomicReferenceArray<>(STATUSES);
    private final Map<String, ProxyMetrics.UpstreamTimers> timersByUpstream = new ConcurrentHashMap<>();

    static boolean isStatus(int status) {
        return status >= 0 && status < STATUSES;
    }

    /** The counter of responses with {@code status} relayed from the upstream, or null if not made yet. */
    Counter relayed(int status) {
        return relayedByStatus.get(status);
    }

    void keepRelayed(int status, Counter counter) {
        relayedByStatus.set(status, counter);
    }

    /** The route's timers towards {@code upstream}, or null if not made yet. */
    ProxyMetrics.UpstreamTimers timers(String upstream) {
        return timersByUpstream.get(upstream);
    }

    void keepTimers(String upstream, ProxyMetrics.UpstreamTimers timers) {
        timersByUpstream.put(upstream, timers);
    }
}
