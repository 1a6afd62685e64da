package dev.telltale.proxy;

import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.diagnostics.ErrorReport;
import dev.telltale.failure.UpstreamFailure;

import java.util.List;

/** Turns what the access log knows of a request, plus its failure, into an error report. */
final class ErrorReports {

    private ErrorReports() {
    }

    static ErrorReport of(AccessLogEntry entry, UpstreamFailure failure, List<ErrorReport.Attempt> attempts) {
        return new ErrorReport(failure.failure(), entry.requestId(), entry.ts(), failure.phase(), failure.detail(),
                entry.method(), entry.host(), entry.path(), entry.route(), entry.upstream(), entry.target(),
                failure.configKey(), attempts,
                new ErrorReport.Timings(entry.connectMs(), entry.tlsMs(), entry.ttfbMs(), entry.durationMs()));
    }
}
