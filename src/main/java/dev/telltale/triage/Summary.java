package dev.telltale.triage;

import java.time.Instant;
import java.util.List;

/**
 * What an access-log stream says about an incident.
 *
 * <p>A request <em>failed</em> when its line carries a failure class or its status is 5xx
 * (a 5xx the app sent itself included). Failed requests are split by the hop the class belongs
 * to ({@code Failure.Side}): a 5xx without a class counts as upstream-side when the app sent it
 * ({@code origin: upstream}), and a class name this version does not know as unknown-side.
 *
 * @param lines          non-blank input lines
 * @param malformed      lines skipped because they are not access-log JSON
 * @param firstRequest   earliest request {@code ts}, null when there was none (likewise lastRequest)
 * @param groups         failed requests by class, route and target, biggest first
 * @param timeline       the minutes with failures, in order
 * @param transitions    health transitions in time order, at most {@link Triage#MAX_TRANSITIONS}
 * @param containerEvents {@code type: container} lines read
 * @param containers     what those events say per container, by their first event
 * @param otherEvents    well-formed events of a {@code type} this version does not read
 * @param spansDays      the input covers more than one UTC day, so times are printed with dates
 * @param clientStorms   many malformed, oversized or slow requests from few addresses, biggest first
 */
public record Summary(long lines, long malformed, long requests, Instant firstRequest, Instant lastRequest,
                      long failed, long upstreamFailed, long proxyFailed, long clientFailed, long unknownFailed,
                      List<FailureGroup> groups, List<Minute> timeline, long healthEvents,
                      List<LogLine.Health> transitions, long containerEvents, List<ContainerTimeline> containers,
                      long otherEvents, boolean spansDays, Verdict verdict, List<ClientStorm> clientStorms) {

    UtcTimes times() {
        return UtcTimes.of(spansDays);
    }
}
