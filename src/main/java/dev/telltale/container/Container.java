package dev.telltale.container;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What Docker knows of one container, merged from inspection and events. Immutable: the source
 * replaces a container's record whole when something changes.
 *
 * @param name           without Docker's leading {@code /}
 * @param composeProject the {@code com.docker.compose.project} label, null outside Compose
 * @param composeService the {@code com.docker.compose.service} label, null outside Compose
 * @param exitCode       the last exit code (0 while it never exited)
 * @param startedAt      null when it never started
 * @param finishedAt     null when it never exited
 * @param restartCount   Docker's own count of restarts by its restart policy
 * @param restarts       the times it started again after an exit, oldest first, as far back as kept
 * @param health         {@code starting}, {@code healthy} or {@code unhealthy}; null without a health check
 * @param healthOutput   the last health check's output, as Docker recorded it (unescaped, possibly long)
 * @param exposedPorts   the TCP ports the image declares ({@code EXPOSE}), sorted
 * @param stopRequested  its last exit followed a {@code kill} or {@code stop}: someone stopped it
 * @param removedAt      when it was removed ({@code GONE}), else null
 * @param events         its latest events, oldest first
 * @param restartPolicy  Docker's restart policy: {@code no}, {@code always}, {@code unless-stopped},
 *                       {@code on-failure} or {@code on-failure:N}; null when unknown
 */
public record Container(String id, String name, String image, String composeProject, String composeService,
                        ContainerStatus status, int exitCode, boolean oomKilled, Instant startedAt,
                        Instant finishedAt, int restartCount, List<Instant> restarts, String health,
                        String healthOutput, List<NetworkEndpoint> networks, List<PublishedPort> published,
                        List<Integer> exposedPorts, boolean stopRequested, Instant removedAt,
                        List<ContainerEvent> events, String restartPolicy) {

    /** The window "restarts in the last 15 minutes" counts in. */
    public static final Duration RESTART_WINDOW = Duration.ofMinutes(15);

    public Container {
        restarts = restarts == null ? List.of() : List.copyOf(restarts);
        networks = networks == null ? List.of() : List.copyOf(networks);
        published = published == null ? List.of() : List.copyOf(published);
        exposedPorts = exposedPorts == null ? List.of() : List.copyOf(exposedPorts);
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** The 12-character ID that {@code docker ps} shows, and a container's default host name. */
    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    public int restartsWithin(Duration window, Instant now) {
        Instant from = now.minus(window);
        int count = 0;
        for (Instant at : restarts) {
            if (at.isAfter(from)) {
                count++;
            }
        }
        return count;
    }

    /** When its current status began: started for a running one, finished for a stopped one. */
    public Instant since() {
        return switch (status) {
            case GONE -> removedAt != null ? removedAt : finishedAt;
            case RUNNING, PAUSED -> startedAt;
            default -> finishedAt != null ? finishedAt : startedAt;
        };
    }

    /** The same container with another status, as an event reports it before inspection confirms. */
    public Container with(ContainerStatus newStatus) {
        return new Container(id, name, image, composeProject, composeService, newStatus, exitCode, oomKilled,
                startedAt, finishedAt, restartCount, restarts, health, healthOutput, networks, published,
                exposedPorts, stopRequested, removedAt, events, restartPolicy);
    }

    /** The same container with its event list and the facts events carry (restarts, a stop request). */
    public Container withHistory(List<Instant> newRestarts, boolean newStopRequested, List<ContainerEvent> newEvents) {
        return new Container(id, name, image, composeProject, composeService, status, exitCode, oomKilled,
                startedAt, finishedAt, restartCount, newRestarts, health, healthOutput, networks, published,
                exposedPorts, newStopRequested, removedAt, newEvents, restartPolicy);
    }

    /** The same container with other published ports. */
    public Container withPublished(List<PublishedPort> ports) {
        return new Container(id, name, image, composeProject, composeService, status, exitCode, oomKilled,
                startedAt, finishedAt, restartCount, restarts, health, healthOutput, networks, ports, exposedPorts,
                stopRequested, removedAt, events, restartPolicy);
    }

    /** The same container, removed at {@code at}. */
    public Container removed(Instant at) {
        return new Container(id, name, image, composeProject, composeService, ContainerStatus.GONE, exitCode,
                oomKilled, startedAt, finishedAt, restartCount, restarts, health, healthOutput, networks, published,
                exposedPorts, stopRequested, at, events, restartPolicy);
    }

    /**
     * Docker will start it again by itself: it exited, nobody stopped it, and its restart policy
     * covers this exit. Between the exit and the restart Docker still says {@code exited}.
     */
    public boolean willRestart() {
        if (status != ContainerStatus.EXITED || stopRequested || restartPolicy == null) {
            return false;
        }
        if (restartPolicy.equals("always") || restartPolicy.equals("unless-stopped")) {
            return true;
        }
        if (!restartPolicy.startsWith("on-failure") || exitCode == 0) {
            return false;
        }
        int colon = restartPolicy.indexOf(':');
        int max = colon < 0 ? 0 : Integer.parseInt(restartPolicy.substring(colon + 1));
        return max == 0 || restartCount < max;
    }

    /**
     * Docker was told to stop it ({@code docker stop}, {@code compose restart}: a stopping signal)
     * and it still runs, for at most {@link #STOPPING_WINDOW}: it is finishing what it has, and a new
     * request sent to it now may be cut off. The event that asked for the stop; null when none did.
     */
    public ContainerEvent stopping(Instant now) {
        if (status != ContainerStatus.RUNNING || !stopRequested) {
            return null;
        }
        for (int i = events.size() - 1; i >= 0; i--) {
            ContainerEvent e = events.get(i);
            if (e.is("kill") || e.is("stop")) {
                return e.ts().isAfter(now.minus(STOPPING_WINDOW)) ? e : null;
            }
        }
        return null;
    }

    /** Docker's own default stop timeout: after it, an app still running ignored the stop and still serves. */
    public static final Duration STOPPING_WINDOW = Duration.ofSeconds(10);

    /** Networks by name, for "they share no network". */
    public List<String> networkNames() {
        return networks.stream().map(NetworkEndpoint::network).toList();
    }
}
