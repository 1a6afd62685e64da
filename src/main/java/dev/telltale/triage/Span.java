package dev.telltale.triage;

import java.time.Instant;

/** How often something was seen, and when first and last. Mutable; owned by one aggregate. */
final class Span {

    private long count;
    private Instant first;
    private Instant last;

    void add(Instant at) {
        count++;
        // Lines are written when requests end but stamped when they began, so ts is not monotonic.
        if (first == null || at.isBefore(first)) {
            first = at;
        }
        if (last == null || at.isAfter(last)) {
            last = at;
        }
    }

    /** Adds {@code n} sightings made between {@code from} and {@code to}. */
    void add(long n, Instant from, Instant to) {
        if (n == 0) {
            return;
        }
        count += n;
        first = first == null || from.isBefore(first) ? from : first;
        last = last == null || to.isAfter(last) ? to : last;
    }

    long count() {
        return count;
    }

    /** Null while nothing was seen. */
    Instant first() {
        return first;
    }

    Instant last() {
        return last;
    }
}
