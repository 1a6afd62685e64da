package dev.telltale.triage;

import dev.telltale.failure.Explanation;
import dev.telltale.failure.Explanations;
import dev.telltale.failure.Failure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The verdict when the app's container explains the failures: it was OOM-killed, exited or was
 * stopped while (or just before) requests to the target it serves failed. The network symptom
 * (refused, cut off) is then the consequence, not the cause. Null when no container explains them.
 */
final class ContainerVerdict {

    /** An exit this long before the first failure still explains it: the next request may come later. */
    static final Duration LEAD = Duration.ofMinutes(2);

    private static final Comparator<Explained> BEST = Comparator
            .comparingLong((Explained e) -> e.failing().span().count()).reversed()
            .thenComparing(e -> e.kind() == null)
            .thenComparing(e -> e.kind() == null ? 0 : e.kind().ordinal())
            .thenComparing(Explained::container);

    private ContainerVerdict() {
    }

    /** The proxy's own failures of one target (its app's 5xx are not a container's doing), merged across routes. */
    record Failing(String upstream, String target, Span span, Map<String, Long> byClass) {

        String dominantClass() {
            return byClass.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        }
    }

    /** A container that explains a target's failures: by its exits of one kind, or by the cause the proxy logged. */
    private record Explained(Failing failing, String container, ContainerExit.Kind kind, List<ContainerExit> exits,
                             String loggedCause) {
    }

    static Verdict of(List<FailureGroup> groups, ContainerEvidence evidence, UtcTimes times) {
        Explained best = null;
        for (Failing failing : failing(groups)) {
            for (String name : evidence.namesFor(failing.upstream(), failing.target())) {
                Explained explained = explain(failing, name, evidence);
                if (explained != null && (best == null || BEST.compare(explained, best) < 0)) {
                    best = explained;
                }
            }
        }
        if (best == null) {
            return null;
        }
        return best.kind() != null ? byExits(best, evidence.serviceOf(best.container()), times)
                : byLoggedCause(best, times);
    }

    private static List<Failing> failing(List<FailureGroup> groups) {
        Map<List<String>, Failing> byTarget = new LinkedHashMap<>();
        for (FailureGroup g : groups) {
            if (g.side() == Failure.Side.UPSTREAM && g.failure() != null) {
                Failing f = byTarget.computeIfAbsent(Arrays.asList(g.upstream(), g.target()),
                        k -> new Failing(g.upstream(), g.target(), new Span(), new LinkedHashMap<>()));
                f.span().add(g.count(), g.first(), g.last());
                f.byClass().merge(g.failure(), g.count(), Long::sum);
            }
        }
        return new ArrayList<>(byTarget.values());
    }

    /**
     * Exits from events count when the container was down during the failures or just before
     * them; exits that failed lines reported were seen by those failures themselves.
     */
    private static Explained explain(Failing failing, String name, ContainerEvidence evidence) {
        Instant from = failing.span().first().minus(LEAD);
        Instant to = failing.span().last();
        List<ContainerExit> exits = evidence.eventExits(name).stream().filter(x -> x.downDuring(from, to)).toList();
        if (exits.isEmpty()) {
            exits = evidence.loggedExits(name);
        }
        ContainerExit.Kind kind = exits.stream().map(ContainerExit::kind).min(Comparator.naturalOrder()).orElse(null);
        if (kind != null) {
            List<ContainerExit> ofKind = exits.stream().filter(x -> x.kind() == kind).toList();
            return new Explained(failing, name, kind, ofKind, null);
        }
        String cause = evidence.causeOf(name);
        return cause == null ? null : new Explained(failing, name, null, List.of(), cause);
    }

    private static Verdict byExits(Explained e, String service, UtcTimes times) {
        Failing f = e.failing();
        String subject = "the app container " + e.container();
        String sentence = subject + " " + ContainerWords.happened(e.kind(), e.exits(), times) + " — "
                + failed(f, times) + "; " + ContainerWords.check(e.kind(), e.container(), service);
        return new Verdict(ContainerWords.layer(e.kind()), f.dominantClass(), subject, f.span().count(),
                f.span().first(), f.span().last(), sentence, null,
                ContainerWords.nextChecks(e.kind(), e.container(), service, e.exits(), times), e.container());
    }

    /** A running container the proxy found at fault (loopback only, unhealthy, …): its sentence, as logged. */
    private static Verdict byLoggedCause(Explained e, UtcTimes times) {
        Failing f = e.failing();
        Failure failure = FailureNames.of(f.dominantClass());
        Explanation explanation = failure == null ? null : Explanations.of(failure);
        String upstream = f.upstream();
        return new Verdict(Layer.of(failure), f.dominantClass(), Verdict.subject(upstream, f.target()),
                f.span().count(), f.span().first(), f.span().last(), failed(f, times) + " — " + e.loggedCause(),
                explanation == null ? null : explanation.title(), Verdict.nextChecks(explanation, upstream),
                e.container());
    }

    /** "212 requests to app:3000 failed from 12:01:03 to 12:09:45 (connection_refused 200, …)". */
    private static String failed(Failing f, UtcTimes times) {
        long n = f.span().count();
        String first = times.time(f.span().first());
        String last = times.time(f.span().last());
        return SummaryText.plural(n, "request") + " to " + Verdict.subject(f.upstream(), f.target())
                + " failed " + (first.equals(last) ? "at " + first : "from " + first + " to " + last)
                + " (" + ContainerWords.classes(f.byClass()) + ")";
    }
}
