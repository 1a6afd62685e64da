package dev.telltale.proxy;

import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.diagnostics.ErrorReport;
import dev.telltale.failure.ExchangeFailure;

import java.util.List;

/** Turns what the access log knows of a request, plus its failure, into an error report. */
final class ErrorReports {

    private ErrorReports() {
    }

    static ErrorReport of(AccessLogEntry entry, ExchangeFailure failure, List<ErrorReport.Attempt> attempts,
                          String hold) {
        // The log's target is the address a connection really used; a failed connect still had one in mind.
        String target = entry.target() != null || attempts.isEmpty() ? entry.target()
                : attempts.get(attempts.size() - 1).target();
        return new ErrorReport(failure.failure(), entry.requestId(), entry.ts(), failure.phase(), failure.detail(),
                entry.method(), entry.host(), entry.path(), entry.route(), entry.upstream(), target,
                failure.configKey(), attempts,
                new ErrorReport.Timings(entry.connectMs(), entry.tlsMs(), entry.ttfbMs(), entry.durationMs(),
                        entry.heldMs()),
                entry.container(), hold, entry.traceId());
    }
}
