package dev.telltale.proxy;

import dev.telltale.accesslog.Origin;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.Failure;
import dev.telltale.upstream.Upstream;
import dev.telltale.upstream.UpstreamConnection;
import io.netty.channel.Channel;

/**
 * How an exchange ends, once: with the proxy's error answer when it failed before the response
 * head went out (a truncated response after), then the upstream connection freed, the client
 * connection settled and the log line written.
 */
final class ExchangeEnd {

    private final Exchange exchange;
    private final ClientConnectionHandler client;
    private final Channel clientChannel;
    private final ProxyRuntime runtime;
    private final Upstream upstream;
    private final RequestFacts request;
    private final ExchangeTimeline timeline;
    private final ExchangeRecord record;
    private final RequestBodyRelay body;
    private final ResponseRelay response;
    private final ExchangeAttempts attempts;

    ExchangeEnd(Exchange exchange, ClientConnectionHandler client, ProxyRuntime runtime, Upstream upstream,
                RequestFacts request, ExchangeTimeline timeline, ExchangeRecord record, RequestBodyRelay body,
                ResponseRelay response, ExchangeAttempts attempts) {
        this.exchange = exchange;
        this.client = client;
        this.clientChannel = client.channel();
        this.runtime = runtime;
        this.upstream = upstream;
        this.request = request;
        this.timeline = timeline;
        this.record = record;
        this.body = body;
        this.response = response;
        this.attempts = attempts;
    }

    /** No more tries (the connection already let go): the client gets the error, or a truncated response. */
    void giveUp(ExchangeFailure failure) {
        failure = attempts.gaveUp(failure);
        record.log().origin(Origin.PROXY);
        if (timeline.state().headForwarded()) {
            // The head is gone: only a truncated response can tell the client something broke.
            end(null, false, false);
            return;
        }
        respondWithError(failure);
    }

    /** The client's request was refused mid-body (the connection already let go). */
    void abortByClient(ExchangeFailure rejection) {
        record.failed(rejection, null);
        if (timeline.state().headForwarded()) {
            end(null, false, false);
        } else {
            respondWithError(rejection);
        }
    }

    private void respondWithError(ExchangeFailure failure) {
        // The decoder knows where the request ends, so a bodiless request leaves the connection usable.
        boolean keepAlive = request.keepAlive() && (body.complete() || !request.hasBody()) && !client.draining();
        ErrorResponses.write(clientChannel, runtime, record.reportForPage(failure), request.client().inet(),
                request.head().value("accept"), keepAlive, request.headMethod(),
                clientChannel.voidPromise());
        end(null, false, keepAlive);
    }

    /** The client went before the exchange ended ({@code cause} says how when it failed): logged, nobody to answer. */
    void clientGone(UpstreamConnection connection, Throwable cause) {
        String detail = cause == null ? "client closed the connection during " + timeline.phase().wireName()
                : "client connection failed during " + timeline.phase().wireName() + ": "
                + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        record.log().status(499).failure(Failure.CLIENT_CLOSED.wireName()).failureDetail(detail);
        end(connection, false, false);
    }

    /** The tunnel closed: the exchange ends with it; its client connection is the tunnel's to close. */
    void tunnelClosed() {
        if (!timeline.ended()) {
            exchange.to(ExchangeState.ENDED);
            record.write();
            client.tunnelEnded(exchange);
        }
    }

    /** Ends the exchange once: frees {@code connection} (may be null), settles the client connection, logs. */
    void end(UpstreamConnection connection, boolean reuseUpstream, boolean keepClient) {
        if (timeline.ended()) {
            return;
        }
        exchange.to(ExchangeState.ENDED);
        body.releaseHeld();
        attempts.ended();
        if (connection != null) {
            if (reuseUpstream) {
                connection.channel().config().setAutoRead(true);
                connection.release(upstream.config().pool().idleTimeout().toNanos(), response.keepAliveHintNanos());
            } else {
                connection.discard();
            }
        }
        record.write();
        client.exchangeEnded(exchange, keepClient);
    }
}
