package dev.telltale.proxy;

import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.diagnostics.ErrorReport;
import dev.telltale.diagnostics.IncidentStore;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.upstream.ExchangeListener;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the incident of one request that failed, when its log line is written: the exchange's
 * own listener, heard before the server's, so the incident is stored before the error page
 * leaves and the ID on the page is already findable. Its attempts are read from the timeline.
 */
final class IncidentRecorder implements ExchangeListener {

    private final IncidentStore store;
    /** Null for a request answered before it became an exchange: it made no attempt. */
    private final ExchangeTimeline timeline;
    private String holdNote;
    private ErrorReport stored;

    IncidentRecorder(IncidentStore store, ExchangeTimeline timeline) {
        this.store = store;
        this.timeline = timeline;
    }

    /** The deploy hold's sentence for the page. */
    void holdNote(String note) {
        holdNote = note;
    }

    @Override
    public void exchangeEnded(AccessLogEntry entry, ExchangeFailure failure) {
        if (failure != null) {
            stored = reportOf(entry, failure);
            store.record(stored);
        }
    }

    /** The incident stored, or, should storing have failed, the same report made again for the page. */
    ErrorReport report(AccessLogEntry entry, ExchangeFailure failure) {
        return stored != null ? stored : reportOf(entry, failure);
    }

    private ErrorReport reportOf(AccessLogEntry entry, ExchangeFailure failure) {
        return ErrorReports.of(entry, failure, attempts(), holdNote);
    }

    private List<ErrorReport.Attempt> attempts() {
        if (timeline == null || timeline.failedAttempts().isEmpty()) {
            return List.of();
        }
        List<ErrorReport.Attempt> attempts = new ArrayList<>(timeline.failedAttempts().size());
        for (ExchangeTimeline.FailedAttempt failed : timeline.failedAttempts()) {
            attempts.add(new ErrorReport.Attempt(failed.target(), failed.failure().failure(),
                    failed.failure().detail()));
        }
        return attempts;
    }
}
