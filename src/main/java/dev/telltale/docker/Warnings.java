package dev.telltale.docker;

import org.slf4j.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Warnings about odd answers, at most one per kind a minute: a daemon that answers every
 * inspection with garbage gets one line, not one per container per event.
 */
final class Warnings {

    private static final Duration QUIET = Duration.ofMinutes(1);

    private final Logger log;
    private final Clock clock;
    private final Map<String, Instant> last = new HashMap<>();

    Warnings(Logger log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    void warn(String kind, String message) {
        Instant now = clock.instant();
        Instant before = last.get(kind);
        if (before != null && now.isBefore(before.plus(QUIET))) {
            log.debug("{}", message);
            return;
        }
        last.put(kind, now);
        log.warn("{}", message);
    }
}
