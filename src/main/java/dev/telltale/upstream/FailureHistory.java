package dev.telltale.upstream;

import dev.telltale.failure.Failure;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Failed attempts on one target over the last 15 minutes, in one-minute buckets, and the last
 * one seen: what the status page shows. Written from any event loop without locks; a count may
 * be off by one when a minute rolls over under load, which a person reading it cannot notice.
 */
public final class FailureHistory {

    private static final int MINUTES = 15;

    private final AtomicLongArray counts = new AtomicLongArray(MINUTES);
    private final AtomicLongArray minuteOf = new AtomicLongArray(MINUTES);
    private final AtomicReference<Last> last = new AtomicReference<>();

    /** The most recent failure on the target. */
    public record Last(Failure failure, String detail, Instant at) {
    }

    void record(Failure failure, String detail) {
        long minute = System.currentTimeMillis() / 60_000;
        int slot = (int) (minute % MINUTES);
        long seen = minuteOf.get(slot);
        if (seen != minute && minuteOf.compareAndSet(slot, seen, minute)) {
            counts.set(slot, 0);
        }
        counts.incrementAndGet(slot);
        last.set(new Last(failure, detail, Instant.now()));
    }

    /** Failures in the last {@code minutes} (1 to 15) minutes, the current one included. */
    public long lastMinutes(int minutes) {
        long now = System.currentTimeMillis() / 60_000;
        long total = 0;
        for (int slot = 0; slot < MINUTES; slot++) {
            long minute = minuteOf.get(slot);
            if (minute > now - minutes && minute <= now) {
                total += counts.get(slot);
            }
        }
        return total;
    }

    public Last last() {
        return last.get();
    }
}
