package dev.telltale.proxy;

import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.accesslog.Origin;
import dev.telltale.container.ContainerFacts;
import dev.telltale.diagnostics.ErrorReport;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.upstream.ExchangeListener;

import java.util.ArrayList;
import java.util.List;

/**
 * What one exchange leaves behind: its access-log line (written once), the attempts it made,
 * and, when it failed, its incident. A failure the client sees as a page is logged and kept
 * before the page leaves, so the ID on the page is already findable.
 */
final class ExchangeRecord {

    private final AccessLogEntry.Builder log;
    private final ProxyRuntime runtime;
    private final ExchangeTimeline timeline;
    private final ExchangeListener heard;
    private final List<ErrorReport.Attempt> attempts = new ArrayList<>(1);
    private ExchangeFailure finalFailure;
    private String holdNote;
    private AccessLogEntry written;

    /**
     * The attempt count and the duration of the line are read from {@code timeline}; {@code heard}
     * hears the end once the line is written.
     */
    ExchangeRecord(AccessLogEntry.Builder log, ProxyRuntime runtime, ExchangeTimeline timeline,
                   ExchangeListener heard) {
        this.log = log;
        this.runtime = runtime;
        this.timeline = timeline;
        this.heard = heard;
    }

    AccessLogEntry.Builder log() {
        return log;
    }

    void attemptFailed(String target, ExchangeFailure failure, boolean willRetry) {
        attempts.add(new ErrorReport.Attempt(target, failure.failure(), failure.detail()));
        if (willRetry) {
            log.addRetry(target, failure.failure().wireName());
        }
    }

    /** The exchange failed for good with {@code failure}; {@code container} is what Docker knows, or null. */
    void failed(ExchangeFailure failure, ContainerFacts container) {
        finalFailure = failure;
        log.failure(failure.failure().wireName()).failureDetail(failure.detail()).container(container);
    }

    /** What the deploy hold did: how long it held the request (null: never), and its sentence for the page. */
    void hold(Long heldMs, String note) {
        log.heldMs(heldMs);
        if (note != null) {
            holdNote = note;
        }
    }

    /** Logs the exchange and keeps its incident, for the error page about to be sent. */
    ErrorReport reportForPage(ExchangeFailure failure) {
        log.status(failure.failure().status()).origin(Origin.PROXY);
        ErrorReport report = ErrorReports.of(write(), failure, attempts, holdNote);
        runtime.incidents().record(report);
        return report;
    }

    /** Writes the access-log line once; a failure after the head went out is kept as an incident too. */
    AccessLogEntry write(boolean failedAfterHead) {
        if (written != null) {
            return written;
        }
        AccessLogEntry entry = write();
        if (finalFailure != null && failedAfterHead) {
            runtime.incidents().record(ErrorReports.of(entry, finalFailure, attempts, holdNote));
        }
        return entry;
    }

    private AccessLogEntry write() {
        if (written == null) {
            log.attempts(timeline.attempts()).durationMs(timeline.durationMillis());
            written = log.build();
            runtime.accessLog().write(written);
            heard.exchangeEnded(written, finalFailure);
        }
        return written;
    }
}
