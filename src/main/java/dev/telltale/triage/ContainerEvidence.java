package dev.telltale.triage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the log says of the app's containers: their event lines, and the {@code container}
 * objects on failed request lines (which name the container a target reached, and when it
 * exited, even when the events themselves are not in the input). Memory grows with the
 * containers, not the lines. Mutable; owned by {@link Triage}.
 */
final class ContainerEvidence {

    /** Containers followed one by one; past this, events are counted only. */
    static final int MAX_CONTAINERS = 500;

    /** Names remembered per target; one target is one service, a handful of replicas at most. */
    private static final int MAX_NAMES_PER_TARGET = 16;

    private final Map<String, ContainerTrack> tracks = new LinkedHashMap<>();
    private final Map<String, Logged> logged = new HashMap<>();
    private final Map<List<String>, Set<String>> namesByTarget = new HashMap<>();
    private long events;

    /** What failed request lines said of one container. */
    private static final class Logged {
        final TreeMap<Instant, ContainerExit> exits = new TreeMap<>();
        Instant causeAt;
        String cause;
        String service;
    }

    void event(LogLine.ContainerLine e) {
        events++;
        ContainerTrack track = tracks.get(e.container());
        if (track == null && tracks.size() < MAX_CONTAINERS) {
            track = new ContainerTrack(e.container());
            tracks.put(e.container(), track);
        }
        if (track != null) {
            track.accept(e);
        }
    }

    /** A failed request's line; those without a {@code container} object say nothing here. */
    void failedRequest(LogLine.Request r) {
        LogLine.ContainerSeen c = r.container();
        if (c == null) {
            return;
        }
        Set<String> names = namesByTarget.computeIfAbsent(Arrays.asList(r.upstream(), r.target()),
                k -> new LinkedHashSet<>());
        if (names.size() < MAX_NAMES_PER_TARGET) {
            names.add(c.name());
        }
        if (!logged.containsKey(c.name()) && logged.size() >= MAX_CONTAINERS) {
            return;
        }
        Logged facts = logged.computeIfAbsent(c.name(), k -> new Logged());
        facts.service = c.service() != null ? c.service() : facts.service;
        ContainerExit exit = exitOf(c);
        // Many requests fail after one exit: its time (since) tells them apart.
        if (exit != null && facts.exits.size() < ContainerTrack.MAX_EXITS) {
            facts.exits.putIfAbsent(exit.at(), exit);
        }
        if (c.cause() != null && (facts.causeAt == null || !r.ts().isBefore(facts.causeAt))) {
            facts.causeAt = r.ts();
            facts.cause = c.cause();
        }
    }

    /**
     * A down container's state as an exit. Without the events, a clean stop is told from a crash
     * by its code only: 0, or 143 for a SIGTERM the app did not handle.
     */
    private static ContainerExit exitOf(LogLine.ContainerSeen c) {
        if (c.since() == null) {
            return null;
        }
        if (c.oomKilled()) {
            return new ContainerExit(c.since(), ContainerExit.Kind.OOM_KILLED, c.exitCode(), null);
        }
        boolean stoppedState = "exited".equals(c.state()) || "gone".equals(c.state());
        if (c.exitCode() == null || !stoppedState && !"restarting".equals(c.state()) && !"dead".equals(c.state())) {
            return null;
        }
        boolean clean = stoppedState && (c.exitCode() == 0 || c.exitCode() == 143);
        return new ContainerExit(c.since(), clean ? ContainerExit.Kind.STOPPED : ContainerExit.Kind.EXITED,
                c.exitCode(), null);
    }

    long events() {
        return events;
    }

    /** One per container with events, in the order their first event was seen. */
    List<ContainerTimeline> timelines() {
        List<ContainerTimeline> out = new ArrayList<>();
        tracks.values().forEach(track -> out.add(track.timeline()));
        out.sort(Comparator.comparing(t -> t.events().first()));
        return out;
    }

    /**
     * The containers a target reached: those its failed lines name, else those whose service
     * (or name) is the target's host or the upstream's name.
     */
    Set<String> namesFor(String upstream, String target) {
        Set<String> named = namesByTarget.get(Arrays.asList(upstream, target));
        if (named != null) {
            return named;
        }
        String host = host(target);
        Set<String> out = new LinkedHashSet<>();
        tracks.forEach((name, track) -> {
            String service = track.service() == null ? null : track.service().toLowerCase(Locale.ROOT);
            if (service != null && (service.equals(host) || service.equals(lower(upstream)))
                    || name.toLowerCase(Locale.ROOT).equals(host)) {
                out.add(name);
            }
        });
        return out;
    }

    /** Its latest exits as its events tell them, oldest first. */
    List<ContainerExit> eventExits(String name) {
        ContainerTrack track = tracks.get(name);
        return track == null ? List.of() : track.exits();
    }

    /** Its exits as failed lines saw them (each was down when a request failed), oldest first. */
    List<ContainerExit> loggedExits(String name) {
        Logged facts = logged.get(name);
        return facts == null ? List.of() : List.copyOf(facts.exits.values());
    }

    /** The cause the proxy logged on the latest failed line that had one; null when none did. */
    String causeOf(String name) {
        Logged facts = logged.get(name);
        return facts == null ? null : facts.cause;
    }

    /** Its Compose service, as its events or failed lines gave it; null outside Compose. */
    String serviceOf(String name) {
        ContainerTrack track = tracks.get(name);
        if (track != null && track.service() != null) {
            return track.service();
        }
        Logged facts = logged.get(name);
        return facts == null ? null : facts.service;
    }

    /** "app:3000" → "app"; "[::1]:3000" → "::1"; null → null. */
    static String host(String target) {
        if (target == null) {
            return null;
        }
        int colon = target.lastIndexOf(':');
        String host = colon > 0 ? target.substring(0, colon) : target;
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.toLowerCase(Locale.ROOT);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
