package dev.telltale.diagnostics;

import dev.telltale.config.IncidentsConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;

/**
 * The proxy-made errors of the recent past, by request ID, at full detail: a user's screenshot
 * of a safe page leads the operator to the whole story. Bounded by count and age
 * ({@code incidents.max_entries}, {@code incidents.max_age}); when full, the oldest incident
 * goes first, since the newest are the ones being asked about. Safe to use from any thread,
 * without a lock.
 *
 * <p>A failure storm makes thousands of incidents a second, and each lives long enough to reach
 * the collector's old generation: kept as objects, they filled it and brought full collections
 * that paused every request, the healthy ones too. So the store is a ring of {@link IncidentSlot}s
 * written over in place, and an incident that repeats the one before in all but its ID, time,
 * timings and request line shares that one's report: keeping it allocates nothing. A lookup by ID
 * walks the ring, newest first; lookups are rare (a person asking), recording is not.
 */
public final class IncidentStore {

    /** Slots are made a chunk at a time, as the ring first fills: a large max_entries costs only what is used. */
    private static final int CHUNK_BITS = 12;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private final int maxEntries;
    private final long maxAgeNanos; // 0: no age limit
    private final LongSupplier nanoTime;
    private final AtomicReferenceArray<IncidentSlot[]> chunks;
    private final AtomicLong tickets = new AtomicLong();
    /** The last report kept whole: the next ones like it share it. Racy by design: a miss keeps one whole. */
    private volatile ErrorReport lastShape;

    public IncidentStore(IncidentsConfig config) {
        this(config, System::nanoTime);
    }

    /** With the clock that ages incidents given, so a test can move time instead of waiting for it. */
    IncidentStore(IncidentsConfig config, LongSupplier nanoTime) {
        this.maxEntries = config.maxEntries();
        this.maxAgeNanos = config.maxAge().toNanos();
        this.nanoTime = nanoTime;
        this.chunks = new AtomicReferenceArray<>((maxEntries + CHUNK - 1) >>> CHUNK_BITS);
    }

    public void record(ErrorReport report) {
        ErrorReport shape = lastShape;
        if (shape == null || !sameShape(shape, report)) {
            shape = report;
            lastShape = report;
        }
        long ticket = tickets.getAndIncrement();
        slot(ticket).write(ticket, report, shape, nanoTime.getAsLong());
    }

    /** The most recent incidents still kept, newest first, at most {@code limit}. */
    public List<ErrorReport> recent(int limit) {
        List<ErrorReport> out = new ArrayList<>();
        long now = nanoTime.getAsLong();
        long newest = tickets.get() - 1;
        for (long ticket = newest; ticket >= 0 && ticket > newest - maxEntries && out.size() < limit; ticket--) {
            ErrorReport report = slot(ticket).read(ticket, now, maxAgeNanos);
            if (report != null) {
                out.add(report);
            }
        }
        return out;
    }

    public Optional<ErrorReport> find(String requestId) {
        if (requestId == null) {
            return Optional.empty();
        }
        long high = RequestIdBits.high(requestId);
        long low = RequestIdBits.low(requestId);
        long now = nanoTime.getAsLong();
        long newest = tickets.get() - 1;
        for (long ticket = newest; ticket >= 0 && ticket > newest - maxEntries; ticket--) {
            IncidentSlot slot = slot(ticket);
            if (slot.mayHold(requestId, high, low)) {
                ErrorReport report = slot.read(ticket, now, maxAgeNanos);
                if (report != null && requestId.equals(report.requestId())) {
                    return Optional.of(report);
                }
            }
        }
        return Optional.empty();
    }

    /** Incidents kept and not yet too old. */
    public long size() {
        return recent(Integer.MAX_VALUE).size();
    }

    /** Alike in everything an {@link IncidentSlot} does not hold itself. */
    static boolean sameShape(ErrorReport a, ErrorReport b) {
        return a.failure() == b.failure() && a.phase() == b.phase() && Objects.equals(a.detail(), b.detail())
                && Objects.equals(a.target(), b.target()) && Objects.equals(a.route(), b.route())
                && Objects.equals(a.upstream(), b.upstream())
                && Objects.equals(a.configKey(), b.configKey()) && a.attempts().equals(b.attempts())
                && Objects.equals(a.container(), b.container()) && Objects.equals(a.hold(), b.hold());
    }

    private IncidentSlot slot(long ticket) {
        int index = (int) (ticket % maxEntries);
        int chunkIndex = index >>> CHUNK_BITS;
        IncidentSlot[] chunk = chunks.get(chunkIndex);
        if (chunk == null) {
            IncidentSlot[] made = new IncidentSlot[Math.min(CHUNK, maxEntries - (chunkIndex << CHUNK_BITS))];
            for (int i = 0; i < made.length; i++) {
                made[i] = new IncidentSlot();
            }
            chunk = chunks.compareAndSet(chunkIndex, null, made) ? made : chunks.get(chunkIndex);
        }
        return chunk[index & (CHUNK - 1)];
    }
}
