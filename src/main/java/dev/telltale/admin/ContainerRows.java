package dev.telltale.admin;

import dev.telltale.config.TargetAddress;
import dev.telltale.container.Container;
import dev.telltale.container.ContainerEvent;
import dev.telltale.container.ContainerStatus;
import dev.telltale.container.Containers;
import dev.telltale.container.TargetContainers;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** The container part of /status: whether Docker is read, and the containers behind each target. */
final class ContainerRows {

    /** Events shown per container: enough to see a crash loop, few enough to read at a glance. */
    static final int EVENTS_SHOWN = 5;

    private ContainerRows() {
    }

    /** Null when no container source is configured. */
    static StatusReport.DockerRow docker(Containers snapshot) {
        if (snapshot == Containers.NONE) {
            return null;
        }
        return new StatusReport.DockerRow(snapshot.connected(), snapshot.all().size(), millis(snapshot.asOf()));
    }

    /** Null when no source is configured; empty while it is away or the target names no container. */
    static List<StatusReport.ContainerRow> of(Containers snapshot, TargetAddress target, Instant now) {
        if (snapshot == Containers.NONE) {
            return null;
        }
        List<StatusReport.ContainerRow> rows = new ArrayList<>();
        for (TargetContainers.Match match : TargetContainers.of(snapshot, target)) {
            rows.add(row(match.container(), now));
        }
        return rows;
    }

    private static StatusReport.ContainerRow row(Container c, Instant now) {
        // A container that never exited has no exit code worth showing (Docker says 0).
        boolean exited = c.finishedAt() != null || c.status() == ContainerStatus.EXITED;
        List<ContainerEvent> all = c.events();
        List<StatusReport.EventRow> events = new ArrayList<>();
        for (ContainerEvent e : all.subList(Math.max(0, all.size() - EVENTS_SHOWN), all.size())) {
            events.add(new StatusReport.EventRow(millis(e.ts()), e.action(), e.exitCode(), e.health()));
        }
        return new StatusReport.ContainerRow(c.name(), c.composeService(), c.status().wireName(), c.health(),
                exited ? c.exitCode() : null, c.oomKilled(), c.restartsWithin(Container.RESTART_WINDOW, now),
                millis(c.since()), events);
    }

    private static Instant millis(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MILLIS);
    }
}
