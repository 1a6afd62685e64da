package dev.telltale.proxy;

import java.time.Instant;

/**
 * The wall clock to the millisecond, which is all the access log and an incident show of a
 * request's time: one {@link Instant} per millisecond, shared by the requests that arrive in it
 * (dozens under load), instead of one per request. Lock-free: an Instant is immutable, and a
 * thread that misses a newer one only makes its own.
 */
final class MilliClock {

    private static Instant last = Instant.EPOCH;

    private MilliClock() {
    }

    static Instant now() {
        long millis = System.currentTimeMillis();
        Instant kept = last;
        if (kept.toEpochMilli() != millis) {
            kept = Instant.ofEpochMilli(millis);
            last = kept;
        }
        return kept;
    }
}
