package dev.telltale.docker;

import java.time.Duration;

/** The wait before the next reconnect: doubling from the first to the cap, back to the first after a success. */
final class Backoff {

    private final Duration first;
    private final Duration cap;
    private Duration next;

    Backoff(Duration first, Duration cap) {
        this.first = first;
        this.cap = cap;
        this.next = first;
    }

    Duration next() {
        Duration now = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(cap) > 0 ? cap : doubled;
        return now;
    }

    void reset() {
        next = first;
    }
}
