package dev.telltale.triage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Requests and failures per UTC minute; memory grows with the minutes seen, not the lines. */
final class Timeline {

    private final TreeMap<Instant, Counts> minutes = new TreeMap<>();

    void request(Instant at, String failureLabel) {
        Counts counts = minutes.computeIfAbsent(at.truncatedTo(ChronoUnit.MINUTES), m -> new Counts());
        counts.requests++;
        if (failureLabel != null) {
            counts.failed++;
            counts.byClass.merge(failureLabel, 1L, Long::sum);
        }
    }

    /** The minutes with at least one failure, in order. */
    List<Minute> failedMinutes() {
        List<Minute> out = new ArrayList<>();
        minutes.forEach((minute, c) -> {
            if (c.failed > 0) {
                out.add(new Minute(minute, c.requests, c.failed, Collections.unmodifiableMap(new TreeMap<>(c.byClass))));
            }
        });
        return out;
    }

    private static final class Counts {
        long requests;
        long failed;
        final Map<String, Long> byClass = new TreeMap<>();
    }
}
