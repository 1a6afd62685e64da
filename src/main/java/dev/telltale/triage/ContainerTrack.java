package dev.telltale.triage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The events of one container, read in the order they were logged (the order Docker sent
 * them): counts for the timeline, and its latest exits for the verdict. Mutable; owned by
 * {@link ContainerEvidence}.
 */
final class ContainerTrack {

    /** Exits kept for the verdict; a crash loop over days must not fill the heap. */
    static final int MAX_EXITS = 1000;

    /** Docker reports an OOM kill as {@code oom} and then {@code die}: one exit, not two. */
    private static final Duration OOM_TO_DIE = Duration.ofSeconds(30);

    private final String name;
    private String service;
    private final Span events = new Span();
    private final Span oomKills = new Span();
    private final Span dies = new Span();
    private final Span restarts = new Span();
    private final Span stops = new Span();
    private final Span healthChanges = new Span();
    private final Map<Integer, Long> exitCodes = new TreeMap<>();
    private final ArrayDeque<ContainerExit> exits = new ArrayDeque<>();
    private String health;
    private boolean down;
    private boolean stopAsked;
    private Instant oomAt;

    ContainerTrack(String name) {
        this.name = name;
    }

    void accept(LogLine.ContainerLine e) {
        events.add(e.ts());
        if (e.service() != null) {
            service = e.service();
        }
        switch (e.action()) {
            case "start" -> started(e);
            // A process of it was killed; it is down only if the container dies of it (see died).
            case "oom" -> {
                oomKills.add(e.ts());
                exit(new ContainerExit(e.ts(), ContainerExit.Kind.OOM_KILLED, null, e.ts()));
                oomAt = e.ts();
            }
            // "docker stop" is kill, die, stop; "docker kill" is kill, die: the kill marks the next exit.
            case "kill", "stop" -> {
                if (!down) {
                    stopAsked = true;
                }
            }
            case "die" -> died(e);
            case "health_status" -> {
                if (!Objects.equals(health, e.health())) {
                    healthChanges.add(e.ts());
                    health = e.health();
                }
            }
            default -> {
                // restart, pause, unpause, destroy: in the count of events only.
            }
        }
    }

    private void started(LogLine.ContainerLine e) {
        if (down) {
            restarts.add(e.ts());
            ContainerExit last = exits.peekLast();
            if (last != null && last.back() == null) {
                exits.pollLast();
                exits.addLast(last.backAt(e.ts()));
            }
        }
        down = false;
        stopAsked = false;
        oomAt = null;
    }

    private void died(LogLine.ContainerLine e) {
        dies.add(e.ts());
        exitCodes.merge(e.exitCode() == null ? -1 : e.exitCode(), 1L, Long::sum);
        boolean afterOom = oomAt != null && !e.ts().isAfter(oomAt.plus(OOM_TO_DIE));
        ContainerExit oom = exits.peekLast();
        if (afterOom && oom != null && oom.kind() == ContainerExit.Kind.OOM_KILLED) {
            exits.pollLast();
            exits.addLast(new ContainerExit(oom.at(), oom.kind(), e.exitCode(), null));
        } else if (stopAsked) {
            stops.add(e.ts());
            exit(new ContainerExit(e.ts(), ContainerExit.Kind.STOPPED, e.exitCode(), null));
        } else {
            exit(new ContainerExit(e.ts(), ContainerExit.Kind.EXITED, e.exitCode(), null));
        }
        down = true;
        stopAsked = false;
        oomAt = null;
    }

    private void exit(ContainerExit exit) {
        if (exits.size() == MAX_EXITS) {
            exits.pollFirst();
        }
        exits.addLast(exit);
    }

    String service() {
        return service;
    }

    /** The latest exits, oldest first. */
    List<ContainerExit> exits() {
        return List.copyOf(exits);
    }

    ContainerTimeline timeline() {
        return new ContainerTimeline(name, service, ContainerTimeline.Count.of(events),
                ContainerTimeline.Count.of(oomKills), ContainerTimeline.Count.of(dies),
                Collections.unmodifiableMap(new TreeMap<>(exitCodes)), ContainerTimeline.Count.of(restarts),
                ContainerTimeline.Count.of(stops), ContainerTimeline.Count.of(healthChanges), health);
    }
}
