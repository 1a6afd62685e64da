package dev.telltale.triage;

import dev.telltale.failure.Explanation;
import dev.telltale.failure.Explanations;
import dev.telltale.failure.Failure;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The most likely failing layer, said in one sentence.
 *
 * @param failure    the class of the chosen group (or "status 5xx" label); null when nothing failed
 * @param title      the class's title from explanations.yaml, null for a 5xx the app sent itself
 * @param nextChecks the class's next checks from explanations.yaml, in the order worth trying (or the
 *                   container's, when a container's exits explain the failures)
 * @param container  the container whose exits (or logged cause) explain the failures; null when none does
 */
public record Verdict(Layer layer, String failure, String subject, long count, Instant first, Instant last,
                      String sentence, String title, List<String> nextChecks, String container) {

    /** Upstream-side trouble explains a failing hop best; proxy- and client-side only when there is none. */
    private static final List<Failure.Side> PRECEDENCE =
            List.of(Failure.Side.UPSTREAM, Failure.Side.PROXY, Failure.Side.CLIENT);

    private static final Comparator<Candidate> DOMINANT = Comparator
            .comparingLong((Candidate c) -> c.span.count()).reversed()
            .thenComparing(c -> c.span.first());

    /**
     * Picks the dominant group of the first side that has failures: groups of one class and
     * target are merged across routes, since one dead target fails every route that uses it.
     */
    static Verdict from(List<FailureGroup> groups, UtcTimes times) {
        for (Failure.Side side : PRECEDENCE) {
            Map<List<Object>, Candidate> merged = new LinkedHashMap<>();
            for (FailureGroup g : groups) {
                if (g.side() == side) {
                    // Client- and proxy-side classes say nothing about a target: merge them by class alone.
                    List<Object> key = side == Failure.Side.UPSTREAM
                            ? Arrays.asList(g.label(), g.upstream(), g.target()) : List.of(g.label());
                    merged.computeIfAbsent(key, k -> new Candidate(g, new Span())).add(g);
                }
            }
            Candidate best = merged.values().stream().min(DOMINANT).orElse(null);
            if (best != null) {
                return of(best.sample, best.span, times);
            }
        }
        return new Verdict(Layer.NONE, null, null, 0, null, null, "no request failed", null, List.of(), null);
    }

    private static Verdict of(FailureGroup g, Span span, UtcTimes times) {
        Failure failure = FailureNames.of(g.failure());
        Wording words = Wording.of(failure, g.status());
        // Client- and proxy-side groups were merged across upstreams: no one upstream to name.
        String upstream = g.side() == Failure.Side.UPSTREAM ? g.upstream() : null;
        String subject = words.subject() != null ? words.subject() : subject(g.upstream(), g.target());
        String first = times.time(span.first());
        String last = times.time(span.last());
        String when = first.equals(last) ? "at " + first : "from " + first + " to " + last;
        String sentence = subject + " " + words.verb() + " " + when + " ("
                + span.count() + (span.count() == 1 ? " request" : " requests") + ") — " + words.consequence()
                + "; " + named(String.format(words.check(), times.minute(span.first())), upstream);
        Explanation explanation = failure == null ? null : Explanations.of(failure);
        return new Verdict(Layer.of(failure), g.label(), subject, span.count(), span.first(), span.last(), sentence,
                explanation == null ? null : explanation.title(), nextChecks(explanation, upstream), null);
    }

    static List<String> nextChecks(Explanation explanation, String upstream) {
        return explanation == null ? List.of()
                : explanation.nextChecks().stream().map(check -> named(check, upstream)).toList();
    }

    /** "upstreams.<name>.targets" becomes "upstreams.app.targets": a key the reader can search for. */
    static String named(String text, String upstream) {
        return upstream == null ? text : text.replace("<name>", upstream);
    }

    /** "app:3000"; "app at 172.18.0.3:3000" when the target is an address; "upstream app" when none was reached. */
    static String subject(String upstream, String target) {
        if (target != null) {
            return upstream == null || target.startsWith(upstream + ":") ? target : upstream + " at " + target;
        }
        return upstream != null ? "upstream " + upstream : "the app";
    }

    private record Candidate(FailureGroup sample, Span span) {
        void add(FailureGroup g) {
            span.add(g.count(), g.first(), g.last());
        }
    }
}
