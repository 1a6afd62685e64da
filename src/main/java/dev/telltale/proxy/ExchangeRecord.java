package dev.telltale.proxy;

import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.accesslog.Origin;
import dev.telltale.container.ContainerFacts;
import dev.telltale.diagnostics.ErrorReport;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.upstream.ExchangeListener;
import dev.telltale.upstream.ExchangeListeners;
import dev.telltale.upstream.UpstreamConnection;

/**
 * What one exchange leaves behind: its access-log line (written once), the attempts it made
 * (stamped in its timeline), and, when it failed, the failure its listeners hear at the end;
 * its {@link IncidentRecorder}, made at the first need (most exchanges never fail), keeps the
 * incident before the server's listeners hear the end. A failure the client sees as a page is logged
 * and kept before the page leaves, so the ID on the page is already findable.
 */
final class ExchangeRecord {

    private final AccessLogEntry.Builder log;
    private final ProxyRuntime runtime;
    private final ExchangeTimeline timeline;
    private IncidentRecorder incident;
    private ExchangeFailure finalFailure;
    private AccessLogEntry written;

    /** The attempt count and the duration of the line are read from {@code timeline}. */
    ExchangeRecord(AccessLogEntry.Builder log, ProxyRuntime runtime, ExchangeTimeline timeline) {
        this.log = log;
        this.runtime = runtime;
        this.timeline = timeline;
    }

    AccessLogEntry.Builder log() {
        return log;
    }

    void attemptFailed(String target, ExchangeFailure failure, boolean willRetry) {
        timeline.attemptFailed(target, failure);
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
            incident().holdNote(note);
        }
    }

    /** Logs the exchange, its incident kept as the listeners hear the end, for the error page about to be sent. */
    ErrorReport reportForPage(ExchangeFailure failure) {
        log.status(failure.failure().status()).origin(Origin.PROXY);
        finalFailure = failure;
        return incident().report(write(), failure);
    }

    /** As {@link #reportForPage}, for a failure after the head went out, ended with trailers: the status stays the one sent. */
    ErrorReport reportForTrailers(ExchangeFailure failure) {
        finalFailure = failure;
        return incident().report(write(), failure);
    }

    /**
     * Writes the access-log line once, and the listeners hear the end: a failure (after the head
     * went out, or with no page to send) is kept as an incident too.
     */
    AccessLogEntry write() {
        if (written == null) {
            log.attempts(timeline.attempts()).durationMs(timeline.durationMillis());
            written = log.build();
            runtime.accessLog().write(written);
            // A failure's incident is kept first, then the server's listeners hear the end; one that
            // throws is logged and passed over as any listener is, and the page's report is made again.
            ExchangeListener ending = finalFailure == null ? runtime.listeners()
                    : new ExchangeListeners(incident(), runtime.listeners());
            ending.exchangeEnded(written, finalFailure);
        }
        return written;
    }

    private IncidentRecorder incident() {
        if (incident == null) {
            incident = new IncidentRecorder(runtime.incidents(), timeline);
        }
        return incident;
    }

    /** A new connection's timings: connect_ms covers DNS and TCP, as timeouts.connect does; the handshake is tls_ms. */
    void connected(UpstreamConnection connection) {
        if (!connection.reused()) {
            Long tlsMs = connection.tlsMillis();
            log.connectMs(timeline.connectMillis() - (tlsMs == null ? 0 : tlsMs)).tlsMs(tlsMs);
        }
    }
}
