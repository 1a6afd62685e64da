package dev.telltale.triage;

import java.time.Instant;

/** One readable line of the access-log stream: a request, a health transition, or another event. */
public sealed interface LogLine {

    Instant ts();

    /**
     * A request line (PRODUCT.md §6), reduced to the fields triage uses. Strings are null when
     * the line has them null; {@code failure} is the class name exactly as logged.
     */
    record Request(Instant ts, String route, String upstream, String target, int status, String failure,
                   String origin) implements LogLine {

        /** Failed: a failure class was logged, or the client got a 5xx (also one the app sent itself). */
        public boolean failed() {
            return failure != null || status >= 500;
        }
    }

    /** A {@code "type":"health"} event: a target went from one state to another. */
    record Health(Instant ts, String upstream, String target, String from, String to, String failure,
                  String detail) implements LogLine {
    }

    /** A well-formed event of a type this version does not know; counted, not analysed. */
    record OtherEvent(Instant ts, String type) implements LogLine {
    }
}
