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

    private final Cache<String, ErrorReport> incidents;

    public IncidentStore(IncidentsConfig config) {
        Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(config.maxEntries());
        if (!config.maxAge().isZero()) {
            builder.expireAfterWrite(config.maxAge());
        }
        this.incidents = builder.build();
    }

    public void record(ErrorReport report) {
        incidents.put(report.requestId(), report);
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
