package dev.telltale.container;

import dev.telltale.failure.Failure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The cause of one failure in words, at full and at safe detail. Safe words name states and
 * causes only: no container name, image, port or health output.
 */
final class CauseWords {

    /** A container that started this recently may not listen yet. */
    private static final Duration JUST_STARTED = Duration.ofSeconds(30);

    private final Containers snapshot;
    private final TargetContainers.Match match;
    private final Container c;
    private final Failure failure;
    private final Instant now;
    private final String named;

    CauseWords(Containers snapshot, TargetContainers.Match match, Failure failure, Instant now) {
        this.snapshot = snapshot;
        this.match = match;
        this.c = match.container();
        this.failure = failure;
        this.now = now;
        this.named = "the app container `" + c.name() + "`";
    }

    /** The cause, or null when the container's state does not explain the failure. */
    ContainerFacts.Cause cause() {
        ContainerFacts.Cause cause = raw();
        return cause == null ? null : new ContainerFacts.Cause(capital(cause.full()), capital(cause.safe()),
                cause.shortFull(), cause.shortSafe(), cause.comingBack());
    }

    private ContainerFacts.Cause raw() {
        return switch (c.status()) {
            case GONE -> down(named + " was removed " + ago(c.since()) + " before this request.",
                    "the application's container was removed " + ago(c.since()) + " before this request.",
                    "removed " + agoShort(c.since()) + " ago");
            case EXITED -> exited();
            case RESTARTING -> restarting();
            case DEAD -> down(named + " is dead: Docker could not stop or remove it cleanly.",
                    "the application's container is dead.", "dead");
            case PAUSED -> down(named + " is paused (since " + ago(c.since()) + "); `docker unpause " + c.name()
                    + "` resumes it.", "the application's container is paused.", "paused");
            case REMOVING -> down(named + " is being removed.", "the application's container is being removed.",
                    "removing");
            case CREATED -> down(named + " was created but has not been started.",
                    "the application's container has not been started.", "created, not started");
            case RUNNING -> running();
        };
    }

    private ContainerFacts.Cause exited() {
        ContainerFacts.Cause cause = exitedNow();
        if (!c.willRestart() || c.stopRequested()) {
            return cause;
        }
        // Between the exit and the restart Docker still says "exited": its policy says it comes back.
        return new ContainerFacts.Cause(cause.full() + " Docker will restart it (restart policy "
                + c.restartPolicy() + ").", cause.safe() + " It is being restarted.",
                cause.shortFull() + ", restart due", cause.shortSafe() + ", restart due", true);
    }

    private ContainerFacts.Cause exitedNow() {
        String when = ago(c.since()) + " before this request";
        if (c.oomKilled()) {
            return down(named + " was OOM-killed (exit " + c.exitCode() + ") " + when + "."
                            + restartsNote(), "the application's container was killed for running out of memory "
                            + when + ".", "oom-killed, exit " + c.exitCode() + ", " + agoShort(c.since()) + " ago");
        }
        if (c.stopRequested()) {
            return down(named + " was stopped " + when + " (exit " + c.exitCode() + ").",
                    "the application's container was stopped " + when + ".",
                    "stopped " + agoShort(c.since()) + " ago, exit " + c.exitCode());
        }
        return down(named + " exited with code " + c.exitCode() + " " + when + "." + restartsNote(),
                "the application's container exited (code " + c.exitCode() + ") " + when + ".",
                "exited " + c.exitCode() + " " + agoShort(c.since()) + " ago");
    }

    private ContainerFacts.Cause restarting() {
        int restarts = c.restartsWithin(Container.RESTART_WINDOW, now);
        String how = c.oomKilled() ? "was OOM-killed (exit " + c.exitCode() + ")" : "exited with code " + c.exitCode();
        String count = restarts > 0 ? " (" + ordinal(restarts + 1) + " restart in 15 min)" : "";
        String full = named + " " + how + " " + ago(c.since()) + " before this request; Docker is restarting it"
                + count + ".";
        String safe = "the application's container " + (c.oomKilled() ? "ran out of memory" : "exited")
                + " and is restarting" + (restarts > 0 ? " (" + restarts + " restarts in 15 min)" : "") + ".";
        String shortForm = "restarting" + (restarts > 0 ? " (" + ordinal(restarts + 1) + " time in 15m)" : "")
                + (c.oomKilled() ? ", oom-killed" : "") + ", exit " + c.exitCode();
        return new ContainerFacts.Cause(full, safe, shortOf(shortForm), "container " + shortForm, true);
    }

    private ContainerFacts.Cause running() {
        ContainerEvent stop = c.stopping(now);
        if (stop != null) {
            String signal = stop.signal() == null ? "" : " (signal " + stop.signal() + ")";
            return new ContainerFacts.Cause(named + " is stopping: Docker asked it to stop" + signal + " "
                    + ago(stop.ts()) + " before this request, and new requests are not sent to it.",
                    "the application's container is stopping.", shortOf("stopping" + signal + ", asked "
                    + agoShort(stop.ts()) + " ago"), "container stopping", false);
        }
        if ("starting".equals(c.health())) {
            return new ContainerFacts.Cause(named + " is still starting: it started " + ago(c.startedAt())
                    + " ago and its health check has not passed yet.",
                    "the application's container is still starting.", shortOf("starting, health check not passed yet"),
                    "container starting", true);
        }
        String noSharedNetwork = noSharedNetwork();
        if (noSharedNetwork != null) {
            return new ContainerFacts.Cause(noSharedNetwork,
                    "the proxy and the application's container share no network.",
                    shortOf("running, shares no network with the proxy"), "no shared network", false);
        }
        boolean refused = failure == Failure.CONNECTION_REFUSED
                || match.via() == TargetContainers.Via.PUBLISHED_PORT && closedAtOnce();
        if (refused && "healthy".equals(c.health())) {
            return new ContainerFacts.Cause("The app answers inside its container but not from the network: "
                    + named + " passes its own health check (run inside the container), yet connections to port "
                    + match.containerPort() + " are " + (failure == Failure.CONNECTION_REFUSED ? "refused" : "closed at once")
                    + ". It is most likely bound to 127.0.0.1; make it listen on 0.0.0.0.",
                    "the application runs but does not accept connections from the network "
                            + "(it most likely listens on 127.0.0.1 only).",
                    shortOf("running and healthy inside, refused from the network: bound to 127.0.0.1?"),
                    "app listens on loopback only", false);
        }
        if (refused && !c.exposedPorts().isEmpty() && !c.exposedPorts().contains(match.containerPort())) {
            return new ContainerFacts.Cause("Nothing listens on " + match.containerPort() + " in " + named
                    + "; the image exposes " + ports(c.exposedPorts()) + ".",
                    "the application runs but does not listen on the port the proxy uses.",
                    shortOf("running, nothing on " + match.containerPort() + ", image exposes "
                            + ports(c.exposedPorts())), "app listens on another port", false);
        }
        if ("unhealthy".equals(c.health())) {
            return new ContainerFacts.Cause(named + " is running but fails its health check"
                    + (c.healthOutput() == null || c.healthOutput().isBlank() ? "." : ": "
                    + ContainerCauses.shortened(c.healthOutput())),
                    "the application's container is running but fails its health check.",
                    shortOf("running, health check failing"), "container unhealthy", false);
        }
        if (beforeSending() && c.startedAt() != null && c.startedAt().isAfter(now.minus(JUST_STARTED))) {
            return new ContainerFacts.Cause(named + " started " + ago(c.startedAt())
                    + " ago and may not listen yet.", "the application's container has just started.",
                    shortOf("started " + agoShort(c.startedAt()) + " ago"), "container just started", true);
        }
        return null;
    }

    /** The failure of a connection that never carried the request: what a container that just started gives. */
    private boolean beforeSending() {
        return failure == Failure.CONNECTION_REFUSED || failure == Failure.CONNECTION_TIMEOUT
                || failure == Failure.DNS_ERROR || failure == Failure.DNS_TIMEOUT;
    }

    private boolean closedAtOnce() {
        return failure == Failure.CONNECTION_TERMINATED || failure == Failure.HTTP_RESPONSE_INCOMPLETE;
    }

    /**
     * Null when the proxy runs on the host or shares a network with the app; else the sentence,
     * naming both containers' networks.
     */
    private String noSharedNetwork() {
        Container self = snapshot.self().orElse(null);
        if (self == null || match.via() == TargetContainers.Via.PUBLISHED_PORT || self.networks().isEmpty()
                || c.networks().isEmpty()) {
            return null;
        }
        List<String> shared = new ArrayList<>(self.networkNames());
        shared.retainAll(c.networkNames());
        if (!shared.isEmpty()) {
            return null;
        }
        return "The proxy's container `" + self.name() + "` (networks " + String.join(", ", self.networkNames())
                + ") shares no network with " + named + " (networks " + String.join(", ", c.networkNames())
                + "): connect both to one network.";
    }

    private ContainerFacts.Cause down(String full, String safe, String shortForm) {
        return new ContainerFacts.Cause(full, safe, shortOf(shortForm), "container " + shortForm, false);
    }

    private String shortOf(String state) {
        return "container " + c.name() + " " + state;
    }

    private String restartsNote() {
        int restarts = c.restartsWithin(Container.RESTART_WINDOW, now);
        return restarts > 0 ? " It restarted " + restarts + " time" + (restarts == 1 ? "" : "s") + " in the last 15 min."
                : "";
    }

    private String ago(Instant at) {
        return at == null ? "some time" : duration(Duration.between(at, now), " s", " min", " h");
    }

    private String agoShort(Instant at) {
        return at == null ? "?" : duration(Duration.between(at, now), "s", "m", "h");
    }

    private static String duration(Duration d, String s, String m, String h) {
        long seconds = Math.max(0, d.getSeconds());
        if (seconds < 120) {
            return seconds + s;
        }
        return seconds < 7200 ? seconds / 60 + m : seconds / 3600 + h;
    }

    static String ordinal(int n) {
        int mod100 = n % 100;
        String suffix = mod100 >= 11 && mod100 <= 13 ? "th"
                : switch (n % 10) { case 1 -> "st"; case 2 -> "nd"; case 3 -> "rd"; default -> "th"; };
        return n + suffix;
    }

    private static String ports(List<Integer> ports) {
        return String.join(", ", ports.stream().map(String::valueOf).toList());
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
