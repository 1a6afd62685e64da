package dev.telltale.diagnostics;

import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;

import java.time.Instant;
import java.util.List;

/** Error reports full of internal names, so tests can check what each detail level lets out. */
final class SampleReports {

    static final String REQUEST_ID = "req-7f3a9c";
    static final Instant TIME = Instant.parse("2025-03-04T05:06:07Z");
    static final String TIME_TEXT = "2025-03-04T05:06:07.000Z";
    static final String ROUTE = "checkout-route";
    static final String UPSTREAM = "payments-upstream";
    static final String TARGET = "10.1.2.3:3000";
    static final String CONFIG_KEY = "routes[checkout-route].timeouts.connect = 5s";
    static final String DETAIL = "io.netty.channel.AbstractChannel$AnnotatedConnectException: "
            + "Connection refused: app-db.internal/10.1.2.3:3000";

    /** Strings that must never appear at safe detail, in any format or header. */
    static final List<String> INTERNALS = List.of("10.1.2.3", ":3000", "app-db.internal", "AnnotatedConnectException",
            ROUTE, UPSTREAM, "secret-path", "shop.example.test", "timeouts.connect = 5s");

    private SampleReports() {
    }

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    static ErrorReport report(Failure failure) {
        return new ErrorReport(failure, REQUEST_ID, TIME, Phase.CONNECT, DETAIL, "POST", "shop.example.test",
                "/cart/secret-path?x=1", ROUTE, UPSTREAM, TARGET, CONFIG_KEY,
                List.of(new ErrorReport.Attempt("10.1.2.4:3000", failure, "refused by app-db.internal"),
                        new ErrorReport.Attempt(TARGET, failure, DETAIL)),
                new ErrorReport.Timings(3L, null, null, 12L), null, null, TRACE_ID);
    }

    static ErrorReport withRequest(Failure failure, String path, String detail) {
        ErrorReport r = report(failure);
        return new ErrorReport(r.failure(), r.requestId(), r.timestamp(), r.phase(), detail, r.method(), r.host(),
                path, r.route(), r.upstream(), r.target(), r.configKey(), r.attempts(), r.timings());
    }

    static ErrorReport minimal(Failure failure) {
        return new ErrorReport(failure, REQUEST_ID, TIME, Phase.ROUTING, null, "GET", null, "/", null, null,
                null, null, null, null);
    }
}
