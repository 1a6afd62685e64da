package dev.telltale.docker;

import dev.telltale.container.Container;
import dev.telltale.container.ContainerEvent;
import dev.telltale.container.ContainerStatus;
import dev.telltale.container.Containers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live state of every container: events change it at once, inspections then correct it
 * with Docker's exact truth while keeping what only events know (restarts, stop requests, the
 * event list). Touched only on the docker event loop; {@link #snapshot} hands out immutable copies.
 */
final class ContainerStates {

    static final int EVENTS_KEPT = 20;
    /** How long a removed container stays as {@code gone}, so a request soon after still learns why. */
    static final Duration TOMBSTONE = Duration.ofMinutes(15);
    /** An inspection's StartedAt this far past the known one is a start no event told of. */
    private static final Duration SAME_START = Duration.ofSeconds(1);
    /** A kill with another signal (HUP, USR1) asks the app something; it does not stop it. */
    private static final Set<String> STOPPING_SIGNALS = Set.of("2", "3", "9", "15", "SIGINT", "SIGQUIT", "SIGKILL",
            "SIGTERM", "INT", "QUIT", "KILL", "TERM");

    private final Clock clock;
    private final SelfMatch self;
    private final Map<String, Container> byId = new HashMap<>();

    ContainerStates(Clock clock, String hostname) {
        this.clock = clock;
        this.self = new SelfMatch(hostname);
    }

    /** Applies what an event says before inspection confirms it; false when there is nothing left to inspect. */
    boolean apply(ContainerEvent e) {
        Container known = byId.get(e.id());
        if (known != null && known.status() == ContainerStatus.GONE || known == null && e.is("destroy")) {
            return false;
        }
        Draft d = known == null ? Draft.of(e) : Draft.of(known);
        switch (e.action()) {
            case "start" -> started(d, e.ts());
            case "die" -> {
                d.status = ContainerStatus.EXITED;
                d.exitCode = e.exitCode() != null ? e.exitCode() : d.exitCode;
                d.finishedAt = e.ts();
            }
            case "oom" -> d.oomKilled = true;
            case "kill" -> d.stopRequested |= e.signal() == null || STOPPING_SIGNALS.contains(e.signal());
            case "stop" -> d.stopRequested = true;
            case "pause" -> d.status = ContainerStatus.PAUSED;
            case "unpause" -> d.status = ContainerStatus.RUNNING;
            case "destroy" -> {
                d.status = ContainerStatus.GONE;
                d.removedAt = clock.instant();
            }
            case "health_status" -> d.health = e.health();
            default -> { }
        }
        d.events.add(e);
        if (d.events.size() > EVENTS_KEPT) {
            d.events = new ArrayList<>(d.events.subList(d.events.size() - EVENTS_KEPT, d.events.size()));
        }
        d.restarts = recent(d.restarts);
        byId.put(e.id(), d.build());
        return !e.is("destroy");
    }

    /** As Docker does on a start: running again, the last exit's OOM flag and stop request cleared. */
    private static void started(Draft d, Instant at) {
        if (d.status == ContainerStatus.RUNNING && d.startedAt != null && !at.isAfter(d.startedAt.plus(SAME_START))) {
            return; // an inspection that crossed this event already saw this start and counted it
        }
        boolean finishedBefore = d.finishedAt != null || d.status == ContainerStatus.EXITED
                || d.status == ContainerStatus.RESTARTING || d.status == ContainerStatus.DEAD;
        if (finishedBefore) {
            d.restarts.add(at);
        }
        d.status = ContainerStatus.RUNNING;
        d.startedAt = at;
        d.exitCode = 0;
        d.oomKilled = false;
        d.stopRequested = false;
        d.health = d.health == null ? null : "starting";
    }

    void inspected(Inspection.Inspected inspected) {
        Container fresh = inspected.container();
        Container known = byId.get(fresh.id());
        if (known != null && known.status() == ContainerStatus.GONE) {
            return; // an answer that crossed the destroy event: IDs are never reused, gone stays gone
        }
        self.hostname(fresh.id(), inspected.hostname());
        if (known == null) {
            byId.put(fresh.id(), fresh);
            return;
        }
        List<Instant> restarts = new ArrayList<>(known.restarts());
        boolean stopRequested = known.stopRequested();
        if (known.startedAt() != null && fresh.startedAt() != null
                && fresh.startedAt().isAfter(known.startedAt().plus(SAME_START))) {
            restarts.add(fresh.startedAt()); // it restarted while the events stream was away
            stopRequested = false;
        }
        Container merged = fresh.withHistory(recent(restarts), stopRequested, known.events());
        if (merged.published().isEmpty() && merged.status() != ContainerStatus.RUNNING) {
            // A port Docker chose at random (-p 3000) is in no binding once it stops: keep the last one seen.
            merged = merged.withPublished(known.published());
        }
        byId.put(fresh.id(), merged);
    }

    /** Inspection answered 404: it was removed. */
    void notFound(String id) {
        Container known = byId.get(id);
        if (known != null && known.status() != ContainerStatus.GONE) {
            byId.put(id, known.removed(clock.instant()));
        }
    }

    /** The full list as Docker gave it: a container known before and missing from it was removed meanwhile. */
    void listed(Collection<String> ids) {
        Set<String> present = new HashSet<>(ids);
        Instant now = clock.instant();
        byId.replaceAll((id, c) -> present.contains(id) || c.status() == ContainerStatus.GONE ? c : c.removed(now));
    }

    /** Drops tombstones and restarts older than their windows; true when something went. */
    boolean prune() {
        Instant now = clock.instant();
        boolean changed = byId.values().removeIf(c -> c.status() == ContainerStatus.GONE && c.removedAt() != null
                && !c.removedAt().isAfter(now.minus(TOMBSTONE)));
        for (Map.Entry<String, Container> entry : byId.entrySet()) {
            Container c = entry.getValue();
            List<Instant> recent = recent(c.restarts());
            if (recent.size() != c.restarts().size()) {
                entry.setValue(c.withHistory(recent, c.stopRequested(), c.events()));
                changed = true;
            }
        }
        self.retain(byId.keySet());
        return changed;
    }

    Containers snapshot(boolean connected) {
        prune();
        List<Container> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparing((Container c) -> c.name() == null ? "" : c.name()).thenComparing(Container::id));
        return new Containers(connected, all, self.find(all), clock.instant());
    }

    private List<Instant> recent(List<Instant> restarts) {
        Instant from = clock.instant().minus(Container.RESTART_WINDOW);
        return restarts.stream().filter(at -> at.isAfter(from)).toList();
    }
}
