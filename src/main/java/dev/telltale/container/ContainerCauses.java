package dev.telltale.container;

import dev.telltale.config.TargetAddress;
import dev.telltale.failure.Failure;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * From a failed request and what Docker knows, the container facts to show and the likely
 * cause: the container's own state first (stopped, OOM-killed, restarting, starting), then what
 * only the two views together tell (healthy inside but refused from the network, a port the image
 * does not expose, no shared network). Pure: the snapshot and the time are given.
 */
public final class ContainerCauses {

    private ContainerCauses() {
    }

    /** The facts of the container {@code target} names, for a failure of it; null when none is known. */
    public static ContainerFacts forFailure(Containers snapshot, TargetAddress target, Failure failure, Instant now) {
        List<TargetContainers.Match> matches = TargetContainers.of(snapshot, target);
        if (matches.isEmpty()) {
            return null;
        }
        return forMatch(snapshot, mostTelling(matches, now), failure, now);
    }

    /** The facts of one container a target names, for a failure of it. */
    public static ContainerFacts forMatch(Containers snapshot, TargetContainers.Match match, Failure failure,
                                          Instant now) {
        return facts(match.container(), new CauseWords(snapshot, match, failure, now).cause(), now);
    }

    /**
     * When every target names only containers that cannot answer now (stopped, gone, restarting,
     * starting), the facts of the one that changed last: the request is answered at once. Null
     * when any target may answer, or names no known container.
     */
    public static ContainerFacts knownDown(Containers snapshot, List<TargetAddress> targets, Instant now) {
        TargetContainers.Match latest = null;
        for (TargetAddress target : targets) {
            List<TargetContainers.Match> matches = TargetContainers.of(snapshot, target);
            if (matches.isEmpty()) {
                return null;
            }
            for (TargetContainers.Match match : matches) {
                if (!cannotAnswer(match.container(), now)) {
                    return null;
                }
                if (latest == null || sinceOf(match).isAfter(sinceOf(latest))) {
                    latest = match;
                }
            }
        }
        if (latest == null) {
            return null;
        }
        return facts(latest.container(),
                new CauseWords(snapshot, latest, Failure.DESTINATION_UNAVAILABLE, now).cause(), now);
    }

    static boolean cannotAnswer(Container c, Instant now) {
        return c.status().down() || c.status() == ContainerStatus.RESTARTING
                || c.status() == ContainerStatus.RUNNING && "starting".equals(c.health())
                || c.stopping(now) != null;
    }

    /** Of several containers behind one name, the one whose state says most: a down one first. */
    private static TargetContainers.Match mostTelling(List<TargetContainers.Match> matches, Instant now) {
        return matches.stream()
                .max(Comparator.comparing((TargetContainers.Match m) -> cannotAnswer(m.container(), now))
                        .thenComparing(ContainerCauses::sinceOf))
                .orElseThrow();
    }

    private static Instant sinceOf(TargetContainers.Match match) {
        Instant since = match.container().since();
        return since == null ? Instant.EPOCH : since;
    }

    static ContainerFacts facts(Container c, ContainerFacts.Cause cause, Instant now) {
        boolean exited = c.finishedAt() != null || c.status() == ContainerStatus.EXITED;
        // Docker keeps the last health status of a stopped container: "unhealthy" would mislead there.
        String health = c.status() == ContainerStatus.RUNNING ? c.health() : null;
        return new ContainerFacts(c.name(), c.composeService(), c.status().wireName(), exited ? c.exitCode() : null,
                c.oomKilled(), c.restartsWithin(Container.RESTART_WINDOW, now), health, c.since(), c.image(),
                shortened(c.healthOutput()), cause);
    }

    /** Health output can be a whole page of curl's; the log and the page need its start. */
    static String shortened(String output) {
        if (output == null) {
            return null;
        }
        String trimmed = output.strip();
        return trimmed.length() > 300 ? trimmed.substring(0, 297) + "..." : trimmed;
    }
}
