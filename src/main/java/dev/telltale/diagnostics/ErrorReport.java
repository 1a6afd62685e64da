package dev.telltale.diagnostics;

import dev.telltale.container.ContainerFacts;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;

import java.time.Instant;
import java.util.List;

/**
 * Everything known about one proxy-made error, at full detail. Renderers decide what a client
 * may see of it (the detail levels of {@link dev.telltale.config.DetailLevel}); the incident store keeps it whole.
 *
 * @param route      the matched route's name, null when none matched
 * @param upstream   the upstream's name, null when none was chosen
 * @param target     the {@code ip:port} (or {@code host:port} when it never resolved) of the last attempt
 * @param configKey  the YAML setting whose limit was hit, with its value, e.g.
 *                   {@code routes[api].timeouts.response_header = 5s}; null when no limit applies
 * @param attempts   every attempt in order, the last one included
 * @param container  what Docker knows of the target's container, null when nothing is known
 * @param hold       what the deploy hold did with the request, as a sentence that names no internal
 *                   address (it is shown at every detail level); null when no hold applied
 * @param traceId    the W3C trace the request belongs to (shown at every detail level, like the request
 *                   ID: it names nothing internal); null when unknown
 */
public record ErrorReport(
        Failure failure,
        String requestId,
        Instant timestamp,
        Phase phase,
        String detail,
        String method,
        String host,
        String path,
        String route,
        String upstream,
        String target,
        String configKey,
        List<Attempt> attempts,
        Timings timings,
        ContainerFacts container,
        String hold,
        String traceId) {

    public ErrorReport {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
        timings = timings == null ? Timings.NONE : timings;
    }

    public ErrorReport(Failure failure, String requestId, Instant timestamp, Phase phase, String detail, String method,
                       String host, String path, String route, String upstream, String target, String configKey,
                       List<Attempt> attempts, Timings timings, ContainerFacts container, String hold) {
        this(failure, requestId, timestamp, phase, detail, method, host, path, route, upstream, target, configKey,
                attempts, timings, container, hold, null);
    }

    public ErrorReport(Failure failure, String requestId, Instant timestamp, Phase phase, String detail, String method,
                       String host, String path, String route, String upstream, String target, String configKey,
                       List<Attempt> attempts, Timings timings) {
        this(failure, requestId, timestamp, phase, detail, method, host, path, route, upstream, target, configKey,
                attempts, timings, null, null);
    }

    public ErrorReport(Failure failure, String requestId, Instant timestamp, Phase phase, String detail, String method,
                       String host, String path, String route, String upstream, String target, String configKey,
                       List<Attempt> attempts, Timings timings, ContainerFacts container) {
        this(failure, requestId, timestamp, phase, detail, method, host, path, route, upstream, target, configKey,
                attempts, timings, container, null);
    }

    /** The container's cause, when Docker's view explains the failure; null otherwise. */
    public ContainerFacts.Cause containerCause() {
        return container == null ? null : container.cause();
    }

    public int status() {
        return failure.status();
    }

    /** One try at an upstream target. {@code failure} is null for an attempt that succeeded. */
    public record Attempt(String target, Failure failure, String detail) {
    }

    /** Phase timings in milliseconds; null where the phase did not happen ({@code heldMs}: not held). */
    public record Timings(Long connectMs, Long tlsMs, Long ttfbMs, Long durationMs, Long heldMs) {
        public static final Timings NONE = new Timings(null, null, null, null, null);

        public Timings(Long connectMs, Long tlsMs, Long ttfbMs, Long durationMs) {
            this(connectMs, tlsMs, ttfbMs, durationMs, null);
        }
    }
}
