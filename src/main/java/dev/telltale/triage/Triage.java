package dev.telltale.triage;

import dev.telltale.failure.Failure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an access-log stream line by line and keeps only aggregates: memory grows with the
 * distinct (class, route, target) groups, minutes, containers and (boundedly) client addresses seen,
 * never with the number of lines.
 * Not thread-safe: one reader feeds it.
 */
public final class Triage {

    /** Health transitions kept for the listing; a crash loop over days must not fill the heap. */
    static final int MAX_TRANSITIONS = 1000;

    private static final Comparator<FailureGroup> BIGGEST_FIRST = Comparator
            .comparingLong(FailureGroup::count).reversed()
            .thenComparing(FailureGroup::first)
            .thenComparing(FailureGroup::label);

    private final LineParser parser = new LineParser();
    private final Span requests = new Span();
    private final Span everything = new Span();
    private final Map<FailureGroup.Key, Span> groups = new HashMap<>();
    private final Timeline timeline = new Timeline();
    private final List<LogLine.Health> transitions = new ArrayList<>();
    private final ContainerEvidence containers = new ContainerEvidence();
    private final ClientStorms storms = new ClientStorms();
    private long lines;
    private long malformed;
    private long healthEvents;
    private long otherEvents;

    /** Reads {@code in} to its end (it is not closed) and summarises it. */
    public static Summary read(Reader in) throws IOException {
        BufferedReader reader = new BufferedReader(in, 1 << 16);
        Triage triage = new Triage();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            triage.accept(line);
        }
        return triage.summary();
    }

    /** One line of input; blank lines are not log lines and are not counted at all. */
    public void accept(String line) {
        if (line.isBlank()) {
            return;
        }
        lines++;
        LogLine parsed = parser.parse(line);
        if (parsed == null) {
            malformed++;
            return;
        }
        everything.add(parsed.ts());
        if (parsed instanceof LogLine.Request request) {
            requests.add(request.ts());
            String label = null;
            if (request.failed()) {
                FailureGroup.Key key = FailureGroup.Key.of(request);
                groups.computeIfAbsent(key, k -> new Span()).add(request.ts());
                label = key.failure() != null ? key.failure() : "status " + key.status();
                containers.failedRequest(request);
                storms.request(request);
            }
            timeline.request(request.ts(), label);
        } else if (parsed instanceof LogLine.Health health) {
            healthEvents++;
            if (transitions.size() < MAX_TRANSITIONS) {
                transitions.add(health);
            }
        } else if (parsed instanceof LogLine.ContainerLine event) {
            containers.event(event);
        } else {
            otherEvents++;
        }
    }

    public Summary summary() {
        List<FailureGroup> sorted = new ArrayList<>();
        groups.forEach((key, span) -> sorted.add(key.with(span)));
        sorted.sort(BIGGEST_FIRST);
        Map<Failure.Side, Long> bySide = new EnumMap<>(Failure.Side.class);
        long failed = 0;
        long unknownSide = 0;
        for (FailureGroup g : sorted) {
            failed += g.count();
            if (g.side() == null) {
                unknownSide += g.count();
            } else {
                bySide.merge(g.side(), g.count(), Long::sum);
            }
        }
        List<LogLine.Health> health = new ArrayList<>(transitions);
        health.sort(Comparator.comparing(LogLine.Health::ts));
        UtcTimes times = UtcTimes.spanning(everything.first(), everything.last());
        // A container's exit is the cause; the classes it produced are only how the network saw it.
        Verdict verdict = ContainerVerdict.of(sorted, containers, times);
        return new Summary(lines, malformed, requests.count(), requests.first(), requests.last(), failed,
                bySide.getOrDefault(Failure.Side.UPSTREAM, 0L), bySide.getOrDefault(Failure.Side.PROXY, 0L),
                bySide.getOrDefault(Failure.Side.CLIENT, 0L), unknownSide, List.copyOf(sorted),
                timeline.failedMinutes(), healthEvents, List.copyOf(health), containers.events(),
                containers.timelines(), otherEvents, times.withDate(),
                verdict != null ? verdict : Verdict.from(sorted, times), storms.storms());
    }
}
