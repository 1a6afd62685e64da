package dev.telltale.proxy;

import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.config.RouteConfig;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.http1.ResponseHead;
import dev.telltale.upstream.ExchangeListener;
import dev.telltale.upstream.ResponseSink;
import dev.telltale.upstream.Upstream;
import dev.telltale.upstream.UpstreamConnection;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;

/**
 * One request from one client, forwarded to the upstream (tried again where {@link ExchangeAttempts}
 * allows) and its response relayed back, or answered by the proxy when that fails. A state
 * machine ({@link ExchangeState}): every move goes through {@link #to}, which stamps it in the
 * {@link ExchangeTimeline}, and tells its {@link ExchangeListener} of the step that move is (request
 * sent, head received); the body's end is heard at {@link #complete}, each failed attempt at
 * {@link #fail}, the connection's steps from the pool, and the end from the {@link ExchangeRecord}.
 * Lives on the client's event loop, which is also the loop of the upstream connection, so its
 * fields need no guarding.
 */
final class Exchange implements ResponseSink, ExchangeDeadlines.Expiry {

    private final ClientConnectionHandler client;
    private final ProxyRuntime runtime;
    private final Upstream upstream;
    private final RequestFacts request;
    private final String targetHost; // the Host sent upstream for an HTTP/1.0 request without one
    private final ExchangeTimeline timeline;
    private final ExchangeRecord record;
    private final ExchangeDeadlines deadlines;
    private final RequestBodyRelay body;
    private final ResponseRelay response;
    private final ExchangeAttempts attempts;
    private final RouteConfig route;
    private UpstreamConnection connection;

    Exchange(ClientConnectionHandler client, ProxyRuntime runtime, RouteConfig route, RequestFacts request,
             AccessLogEntry.Builder log) {
        this.client = client;
        this.runtime = runtime;
        this.route = route;
        this.upstream = runtime.upstream(route.upstream());
        this.request = request;
        this.timeline = new ExchangeTimeline(client.channel().eventLoop().ticker(), System.nanoTime() - request.startNanos());
        this.record = new ExchangeRecord(log, runtime, timeline);
        this.deadlines = new ExchangeDeadlines(timeline, route, client.deadlineTimer(), this,
                request.grpc() ? GrpcTimeout.nanos(request.head()) : 0);
        this.response = new ResponseRelay(this, client.channel());
        this.body = new RequestBodyRelay(this);
        this.attempts = new ExchangeAttempts(this);
        this.targetHost = upstream.targets().get(0).toString();
        log.route(route.name()).upstream(upstream.name());
    }

    /** Begins forwarding: the client's body is held back until an upstream connection is ready. */
    void start() {
        if (pacesClientReading()) {
            client.readGate().pause(ReadGate.Reason.BODY_BACKPRESSURE);
        }
        attempts.begin();
    }

    /** True when it paces reading from the client: a body streams at the upstream's pace, a tunnel's bytes wait. */
    boolean pacesClientReading() {
        return request.hasBody() || request.websocketUpgrade();
    }

    boolean requestComplete() {
        return body.complete();
    }

    /** The one way the exchange moves on: stamped in its timeline, the deadlines follow, the listeners hear. */
    void to(ExchangeState next) {
        timeline.to(next);
        deadlines.entered(next);
        switch (next) {
            case AWAITING_HEAD -> runtime.listeners().requestSent(attempts.target());
            case RELAYING -> runtime.listeners().headReceived(attempts.target(), response.status());
            case TUNNEL -> runtime.listeners().headReceived(attempts.target(), 101);
            default -> {
            }
        }
    }

    /** Hears every step of this exchange, the connection's steps included. */
    ExchangeListener listener() {
        return runtime.listeners();
    }

    // The exchange's parts, for its helpers, which hold the exchange rather than copies of these.
    ClientConnectionHandler client() { return client; }
    ProxyRuntime runtime() { return runtime; }
    RouteConfig route() { return route; }
    Upstream upstream() { return upstream; }
    RequestFacts request() { return request; }
    ExchangeTimeline timeline() { return timeline; }
    ExchangeDeadlines deadlines() { return deadlines; }
    ExchangeRecord record() { return record; }
    RequestBodyRelay body() { return body; }
    ResponseRelay response() { return response; }
    ExchangeAttempts attempts() { return attempts; }

    /** The connection for the current attempt is ready, or could not be made. */
    void onAcquired(Future<UpstreamConnection> acquiring) {
        if (acquiring.isSuccess()) {
            onConnection(acquiring.getNow());
        } else if (!timeline.ended()) {
            // No connection was made: the log names the target that was tried, as host:port.
            record.log().target(attempts.targetLabel());
            fail(ResponseFailures.ofConnect(acquiring.cause()));
        }
    }

    /** The connection for the current attempt is ready: the request goes on it. */
    void onConnection(UpstreamConnection ready) {
        if (timeline.ended()) {
            ready.release(0);
            return;
        }
        connection = ready;
        // gRPC's response is de-chunked here and framed anew, so trailers can end it at any point.
        connection.bind(this, request.headMethod(), request.http10() || request.grpc());
        attempts.connectedTo(connection.remoteAddress());
        record.log().target(attempts.targetLabel());
        to(ExchangeState.SENDING);
        record.connected(connection);
        if (body.complete()) {
            to(ExchangeState.AWAITING_HEAD);
        }
        Channel up = connection.channel();
        ByteBuf head = up.alloc().buffer(1024);
        ForwardedHeaders.writeForRoute(request, route, runtime.config().requestId().header(), targetHost, head);
        up.write(head, up.voidPromise());
        if (request.expectsContinue() && !body.complete() && body.holdsNothing() && !response.sendContinue()) {
            return; // that flush found the client gone, and the exchange ended there
        }
        body.connected(up);
    }

    /** The client's whole request is about to be on the upstream connection: now the head is awaited. */
    void lastPieceGoing() {
        if (timeline.state() == ExchangeState.SENDING) {
            to(ExchangeState.AWAITING_HEAD);
        }
    }

    /** Request body from the client, in order; this exchange owns {@code content}. */
    void onRequestContent(RequestBodyPiece content) {
        record.log().addBytesIn(content.dataBytes());
        RequestBodyRelay.Rejection refused = body.accept(content, timeline.ended());
        if (refused != null && !timeline.ended()) {
            abortByClient(refused.failure(), refused.detail());
        }
    }

    @Override
    public void onUpstreamWritabilityChanged(boolean writable) {
        if (!timeline.ended()) {
            body.upstreamWritabilityChanged(writable);
        }
    }

    @Override
    public void onResponseHead(ResponseHead head) {
        response.head(head, connection, body);
    }

    @Override
    public void onResponseHeadFailed(Throwable cause) {
        fail(ResponseFailures.ofHead(cause, route));
    }

    @Override
    public void onResponseBody(ByteBuf piece, long bodyBytes) {
        response.body(piece, bodyBytes, connection);
    }

    @Override
    public void onResponseEnd() {
        response.end(connection.trailerSection());
    }

    @Override
    public void onUpstreamReadComplete() {
        if (timeline.state().headForwarded()) {
            client.channel().flush();
        }
    }

    /** The client can take more: read the upstream again. */
    void onClientWritabilityChanged(boolean writable) {
        if (writable && timeline.state() == ExchangeState.RELAYING) {
            response.clientWritable(connection.channel());
        }
    }

    @Override
    public void onUpstreamClosed() {
        if (!timeline.ended()) {
            fail(ResponseFailures.ofClose(timeline.phase(), raceable()));
        }
    }

    @Override
    public void onUpstreamError(Throwable cause) {
        if (!timeline.ended()) {
            fail(ResponseFailures.of(cause, timeline.phase(), beforeResponse(), connection.reused()));
        }
    }

    /** A reused connection that failed before any response byte: the keep-alive race. */
    boolean raceable() {
        return beforeResponse() && connection.reused();
    }

    private boolean beforeResponse() {
        return timeline.state().awaitsResponse() && !response.heardInterim();
    }

    @Override
    public void onInternalError(RuntimeException bug) {
        if (!timeline.ended()) {
            client.logBug(bug);
            fail(ExchangeFailure.afterSending(Failure.PROXY_INTERNAL_ERROR, timeline.phase(),
                    "internal error in the proxy: " + bug));
        }
    }

    /** The client connection closed, or failed ({@code cause} not null), before the exchange ended. */
    void onClientGone(Throwable cause) {
        if (!timeline.ended()) {
            ExchangeEnd.clientGone(this, letGo(), cause);
        }
    }

    /** Draining began: a request waiting in the hold is answered now with what kept it waiting. */
    void drainStarted() {
        ExchangeFailure waitedOut = timeline.ended() ? null : attempts.drained();
        if (waitedOut != null) {
            ExchangeEnd.giveUp(this, waitedOut);
        }
    }

    /** The whole response went to the client. */
    void complete() {
        runtime.listeners().bodyEnded(attempts.target());
        boolean reuse = response.upstreamReusable() && body.complete();
        end(reuse, !response.closesClient() && body.complete());
    }

    /** The attempt failed: the connection goes, and the exchange tries again, waits in the hold, or gives up. */
    @Override
    public void fail(ExchangeFailure failure) {
        if (timeline.ended()) {
            return; // a deadline that fired as the exchange ended
        }
        runtime.listeners().attemptFailed(attempts.target(), failure);
        if (connection != null) {
            if (failure.failure() == Failure.STALE_CONNECTION) {
                connection.lostTheRace(); // the target's idle limit shows, as well as by a close while idle
            }
            letGo().discard();
            body.disconnected();
        }
        if (!attempts.retryOrHold(failure)) {
            ExchangeEnd.giveUp(this, failure);
        }
    }

    private void abortByClient(Failure failure, String detail) {
        if (connection != null) {
            letGo().discard();
        }
        ExchangeEnd.abortByClient(this, new ExchangeFailure(failure, Phase.REQUEST, detail, body.sent()));
    }

    /** The tunnel this exchange became has closed; the connection went with it. */
    void tunnelClosed() {
        connection = null;
        ExchangeEnd.tunnelClosed(this);
    }

    private void end(boolean reuseUpstream, boolean keepClient) {
        ExchangeEnd.end(this, letGo(), reuseUpstream, keepClient);
    }

    /** The connection of the current attempt, which the exchange no longer holds (null when it held none). */
    private UpstreamConnection letGo() {
        UpstreamConnection leaving = connection;
        connection = null;
        return leaving;
    }
}
