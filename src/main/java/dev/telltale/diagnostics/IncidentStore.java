package dev.telltale.diagnostics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.telltale.config.IncidentsConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The proxy-made errors of the recent past, by request ID, at full detail: a user's screenshot
 * of a safe page leads the operator to the whole story. Bounded by count and age
 * ({@code incidents.max_entries}, {@code incidents.max_age}); when full, the oldest incident
 * goes first, since the newest are the ones being asked about. Safe to use from any thread.
 */
public final class IncidentStore {

    private final Cache<String, ErrorReport> incidents;
    private final int maxEntries;
    /** Request IDs, newest first: the order to forget them in, and the list {@link #recent} shows. */
    private final ConcurrentLinkedDeque<String> order = new ConcurrentLinkedDeque<>();
    /** The deque's length, kept apart: the deque counts itself by walking every node. */
    private final AtomicInteger count = new AtomicInteger();

    public IncidentStore(IncidentsConfig config) {
        this(config, Ticker.systemTicker());
    }

    /** With the clock that ages incidents given, so a test can move time instead of waiting for it. */
    IncidentStore(IncidentsConfig config, Ticker ticker) {
        this.maxEntries = config.maxEntries();
        // Caffeine's own size bound would not do: it keeps the entries it expects to be read
        // most, and an incident written once loses to the ones already kept. Age it bounds.
        // Maintenance runs on the writing thread: handing it to the common pool woke a thread per
        // failure, which made a 502 storm cost far more than the failures themselves.
        Caffeine<Object, Object> builder = Caffeine.newBuilder().executor(Runnable::run).ticker(ticker);
        if (!config.maxAge().isZero()) {
            builder.expireAfterWrite(config.maxAge());
        }
        this.incidents = builder.build();
    }

    public void record(ErrorReport report) {
        incidents.put(report.requestId(), report);
        order.addFirst(report.requestId());
        if (count.incrementAndGet() > maxEntries) {
            String oldest = order.pollLast();
            if (oldest != null) {
                count.decrementAndGet();
                incidents.invalidate(oldest);
            }
        }
    }

    /** The most recent incidents still kept, newest first, at most {@code limit}. */
    public List<ErrorReport> recent(int limit) {
        List<ErrorReport> out = new ArrayList<>();
        for (String id : order) {
            if (out.size() >= limit) {
                break;
            }
            find(id).ifPresent(out::add);
        }
        return out;
    }

    public Optional<ErrorReport> find(String requestId) {
        return Optional.ofNullable(incidents.getIfPresent(requestId));
    }

    /** Runs pending evictions now (Caffeine otherwise does it in the background). */
    public void cleanUp() {
        incidents.cleanUp();
    }

    /** Entries currently kept (approximate while evictions are pending). */
    public long size() {
        return incidents.estimatedSize();
    }
}
