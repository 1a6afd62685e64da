package dev.telltale.cli;

import dev.telltale.container.ContainerCauses;
import dev.telltale.container.ContainerFacts;
import dev.telltale.container.Containers;
import dev.telltale.container.TargetContainers;
import dev.telltale.failure.Failure;
import dev.telltale.health.TargetCheck;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code doctor}'s container step: which containers a target names, and their state as Docker
 * reports it; when a step failed, the cause the container's state gives.
 */
final class DoctorContainers {

    /** One line of the step: passed (running and nothing to say), failed (a cause), or skipped. */
    record Line(TargetCheck.Verdict verdict, String text) {
    }

    private DoctorContainers() {
    }

    /** @param problem why Docker cannot be read, null when it can */
    static List<Line> of(Containers snapshot, String problem, TargetCheck.Report report) {
        if (problem != null) {
            return List.of(new Line(TargetCheck.Verdict.SKIPPED, "cannot read Docker: " + problem));
        }
        List<TargetContainers.Match> matches = TargetContainers.of(snapshot, report.target());
        if (matches.isEmpty()) {
            return List.of(new Line(TargetCheck.Verdict.SKIPPED, "no container answers to " + report.target()
                    + " (not a Compose service, container name, alias, address or published port)"));
        }
        Failure failed = report.steps().stream().map(TargetCheck.StepResult::failure)
                .filter(f -> f != null).findFirst().orElse(Failure.DESTINATION_UNAVAILABLE);
        Instant now = Instant.now();
        List<Line> lines = new ArrayList<>();
        for (TargetContainers.Match match : matches) {
            ContainerFacts facts = ContainerCauses.forMatch(snapshot, match, failed, now);
            String state = describe(facts, match);
            boolean bad = facts.cause() != null && (report.failed() || !"running".equals(facts.state()));
            lines.add(new Line(bad ? TargetCheck.Verdict.FAILED : TargetCheck.Verdict.OK,
                    bad ? state + " — " + facts.cause().full() : state));
        }
        return lines;
    }

    private static String describe(ContainerFacts f, TargetContainers.Match match) {
        StringBuilder out = new StringBuilder(f.name());
        if (f.service() != null) {
            out.append(" (service ").append(f.service()).append(")");
        }
        if (match.via() == TargetContainers.Via.PUBLISHED_PORT) {
            out.append(" publishing it from port ").append(match.containerPort());
        }
        out.append(": ").append(f.state());
        if (f.health() != null) {
            out.append(", ").append(f.health());
        }
        if (f.exitCode() != null && !"running".equals(f.state())) {
            out.append(", exit ").append(f.exitCode());
        }
        if (f.oomKilled()) {
            out.append(", OOM-killed");
        }
        if (f.restarts15m() > 0) {
            out.append(", ").append(Plural.of(f.restarts15m(), "restart")).append(" in 15 min");
        }
        return out.toString();
    }
}
