package dev.telltale.diagnostics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.telltale.config.IncidentsConfig;

import java.util.Optional;

/**
 * The proxy-made errors of the recent past, by request ID, at full detail: a user's screenshot
 * of a safe page leads the operator to the whole story. Bounded by count and age
 * ({@code incidents.max_entries}, {@code incidents.max_age}); safe to use from any thread.
 */
public final class IncidentStore {

    private static final int RECENT = 20;

    private final Cache<String, ErrorReport> incidents;
    private final java.util.concurrent.ConcurrentLinkedDeque<String> recent = new java.util.concurrent.ConcurrentLinkedDeque<>();

    public IncidentStore(IncidentsConfig config) {
        // Maintenance runs on the writing thread: handing it to the common pool woke a thread per
        // failure, which made a 502 storm cost far more than the failures themselves.
        Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(config.maxEntries())
                .executor(Runnable::run);
        if (!config.maxAge().isZero()) {
            builder.expireAfterWrite(config.maxAge());
        }
        this.incidents = builder.build();
    }

    public void record(ErrorReport report) {
        incidents.put(report.requestId(), report);
        recent.addFirst(report.requestId());
        while (recent.size() > RECENT) {
            recent.pollLast();
        }
    }

    /** The most recent incidents still kept, newest first, at most {@code limit}. */
    public java.util.List<ErrorReport> recent(int limit) {
        java.util.List<ErrorReport> out = new java.util.ArrayList<>();
        for (String id : recent) {
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
