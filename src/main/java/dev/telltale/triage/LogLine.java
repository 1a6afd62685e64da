package dev.telltale.triage;

import java.time.Instant;

/** One readable line of the access-log stream: a request, a health transition, a container event, or another event. */
public sealed interface LogLine {

    Instant ts();

    /**
     * A request line of the access log, reduced to the fields triage uses. Strings are null when
     * the line has them null; {@code failure} is the class name exactly as logged.
     *
     * @param container what the proxy knew of the app's container when it failed; null when the line has none
     * @param client    the client's address as logged; null when the line has none
     */
    record Request(Instant ts, String route, String upstream, String target, int status, String failure,
                   String origin, ContainerSeen container, String client) implements LogLine {

        public Request(Instant ts, String route, String upstream, String target, int status, String failure,
                       String origin) {
            this(ts, route, upstream, target, status, failure, origin, null, null);
        }

        public Request(Instant ts, String route, String upstream, String target, int status, String failure,
                       String origin, ContainerSeen container) {
            this(ts, route, upstream, target, status, failure, origin, container, null);
        }

        /** Failed: a failure class was logged, or the client got a 5xx (also one the app sent itself). */
        public boolean failed() {
            return failure != null || status >= 500;
        }
    }

    /**
     * A request line's {@code container} object, reduced likewise.
     *
     * @param since when its state began: for an exited one, when it exited
     * @param cause the proxy's sentence when the container explains the failure, else null
     */
    record ContainerSeen(String name, String service, String state, Integer exitCode, boolean oomKilled,
                         Instant since, String cause) {
    }

    /** A {@code "type":"health"} event: a target went from one state to another. */
    record Health(Instant ts, String upstream, String target, String from, String to, String failure,
                  String detail) implements LogLine {
    }

    /**
     * A {@code "type":"container"} event: Docker said something happened to a container.
     *
     * @param action   start, die, oom, kill, stop, restart, pause, unpause, destroy or health_status
     * @param exitCode a die's exit code, else null
     * @param health   a health_status's new status, else null
     */
    record ContainerLine(Instant ts, String container, String service, String action, Integer exitCode,
                         String health) implements LogLine {
    }

    /** A well-formed event of a type this version does not know; counted, not analysed. */
    record OtherEvent(Instant ts, String type) implements LogLine {
    }
}
