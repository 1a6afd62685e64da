package dev.telltale.diagnostics;

import dev.telltale.config.DetailLevel;
import dev.telltale.container.ContainerFacts;
import dev.telltale.failure.Explanation;
import dev.telltale.failure.Explanations;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;

/**
 * What one client may see of an {@link ErrorReport}: the one place where safe and full part.
 * Renderers get only this; at safe detail {@link #full()} is null, so a page cannot show an
 * internal name, address, port or exception text by accident.
 *
 * @param detail what happened: the class's summary at safe detail, what was observed at full
 * @param full   the whole report at full detail, null at safe
 * @param cause  the container's cause as a sentence at this detail level, null when none is known
 * @param causeShort the same in a few words, for the header and the hop diagram
 * @param container  what Docker knows of the app's container, null when nothing is known
 * @param hold       what the deploy hold did, at every level (it names no address); null when none applied
 * @param heldMs     how long the request was held, null when it was not
 * @param traceId    the W3C trace ID, at every level (it names nothing internal); null when unknown
 */
record VisibleReport(Failure failure, Explanation explanation, String requestId, Instant timestamp, Phase phase,
                     String detail, ErrorReport full, String cause, String causeShort, ContainerFacts container,
                     String hold, Long heldMs, String traceId) {

    // Always exactly three fraction digits, like the access log's ts; Instant.toString varies.
    private static final DateTimeFormatter UTC_MILLIS = new DateTimeFormatterBuilder().appendInstant(3).toFormatter();

    /** The last time's text: a failure storm renders many pages to a millisecond. */
    private record MilliText(long epochMilli, String text) {
    }

    // One immutable object replaced whole: a thread that misses a replacement only formats again.
    private static MilliText lastText = new MilliText(Long.MIN_VALUE, "");

    static VisibleReport of(ErrorReport report, DetailLevel level) {
        Explanation explanation = Explanations.of(report.failure());
        boolean full = level == DetailLevel.FULL;
        String observed = report.detail();
        String detail = full && observed != null && !observed.isBlank() ? observed : explanation.summary();
        // A report is made on the error path; a missing time or ID must not turn into a second failure.
        Instant timestamp = report.timestamp() != null ? report.timestamp() : Instant.now();
        String requestId = report.requestId() != null ? report.requestId() : "-";
        ContainerFacts.Cause cause = report.containerCause();
        return new VisibleReport(report.failure(), explanation, requestId, timestamp, report.phase(), detail,
                full ? report : null, cause == null ? null : full ? cause.full() : cause.safe(),
                cause == null ? null : full ? cause.shortFull() : cause.shortSafe(), report.container(),
                report.hold(), report.timings().heldMs(), report.traceId());
    }

    /**
     * The {@code Retry-After} seconds, present when trying again later is sensible (a transient
     * failure, in the container's view too): {@link RetryAdvice}. Not the proxy's own retries.
     */
    java.util.OptionalInt retryAfterSeconds() {
        return RetryAdvice.seconds(failure, container);
    }

    int status() {
        return failure.status();
    }

    String timestampText() {
        long epochMilli = timestamp.toEpochMilli();
        MilliText kept = lastText;
        if (kept.epochMilli() != epochMilli) {
            kept = new MilliText(epochMilli, UTC_MILLIS.format(Instant.ofEpochMilli(epochMilli)));
            lastText = kept;
        }
        return kept.text();
    }

    String phaseName() {
        return phase == null ? null : phase.wireName();
    }

    /** The summary as a sentence: "The application refused the connection." */
    String summarySentence() {
        return sentence(explanation.summary());
    }

    static String sentence(String summary) {
        return Character.toUpperCase(summary.charAt(0)) + summary.substring(1) + ".";
    }
}
