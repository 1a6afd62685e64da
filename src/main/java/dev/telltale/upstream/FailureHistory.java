package dev.telltale.upstream;

import dev.telltale.failure.Failure;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Failed attempts on one target over the last 15 minutes, in one-minute buckets by class, and the
 * last one seen: what the status page shows and draws. Written from any event loop without locks;
 * a count may be off by one when a minute rolls over under load, which a person reading it cannot
 * notice.
 */
public final class FailureHistory {

    /** How far back the buckets go. */
    public static final int MINUTES = 15;
    private static final Failure[] CLASSES = Failure.values();

    /** Slot {@code m} holds minute {@code minuteOf[m]}; its counts are {@code counts[m * CLASSES.length + class]}. */
    private final AtomicLongArray counts = new AtomicLongArray(MINUTES * CLASSES.length);
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
            for (int i = 0; i < CLASSES.length; i++) {
                counts.set(slot * CLASSES.length + i, 0);
            }
        }
        counts.incrementAndGet(slot * CLASSES.length + failure.ordinal());
        last.set(new Last(failure, detail, Instant.now()));
    }

    /** Failures in the last {@code minutes} (1 to 15) minutes, the current one included. */
    public long lastMinutes(int minutes) {
        long now = System.currentTimeMillis() / 60_000;
        long total = 0;
        for (int slot = 0; slot < MINUTES; slot++) {
            long minute = minuteOf.get(slot);
            if (minute > now - minutes && minute <= now) {
                for (int i = 0; i < CLASSES.length; i++) {
                    total += counts.get(slot * CLASSES.length + i);
                }
            }
        }
        return total;
    }

    /**
     * The failures by class in {@code minute} (minutes since the epoch), empty when none or when
     * it is more than 15 minutes ago.
     */
    public Map<Failure, Long> inMinute(long minute) {
        Map<Failure, Long> byClass = new EnumMap<>(Failure.class);
        int slot = (int) (minute % MINUTES);
        if (minuteOf.get(slot) != minute) {
            return byClass;
        }
        for (int i = 0; i < CLASSES.length; i++) {
            long count = counts.get(slot * CLASSES.length + i);
            if (count > 0) {
                byClass.put(CLASSES[i], count);
            }
        }
        return byClass;
    }

    public Last last() {
        return last.get();
    }
}
