package dev.telltale.triage;

import dev.telltale.failure.Failure;

import java.time.Instant;

/**
 * Failed requests of one class on one route and target.
 *
 * @param failure  the failure class as logged, or null for a 5xx without one (the app's own error)
 * @param status   the status sent to the client when {@code failure} is null, else 0
 * @param side     the hop the class belongs to; null for a class name this version does not know
 */
public record FailureGroup(String failure, int status, Failure.Side side, String route, String upstream,
                           String target, long count, Instant first, Instant last) {

    /** What the group is called in tables and the timeline: the class, or e.g. "status 500". */
    public String label() {
        return failure != null ? failure : "status " + status;
    }

    /** Identifies a group while counting. */
    record Key(String failure, int status, Failure.Side side, String route, String upstream, String target) {

        static Key of(LogLine.Request r) {
            Failure known = r.failure() == null ? null : FailureNames.of(r.failure());
            Failure.Side side;
            if (r.failure() == null) {
                // A 5xx without a class: relayed from the app (origin upstream), else the proxy's own.
                side = "upstream".equals(r.origin()) ? Failure.Side.UPSTREAM : Failure.Side.PROXY;
            } else {
                side = known == null ? null : known.side();
            }
            // The enum's own name string, so a million lines share one instance per class.
            String failure = known != null ? known.wireName() : r.failure();
            return new Key(failure, failure == null ? r.status() : 0, side, r.route(), r.upstream(), r.target());
        }

        FailureGroup with(Span span) {
            return new FailureGroup(failure, status, side, route, upstream, target, span.count(), span.first(),
                    span.last());
        }
    }
}
