package dev.telltale.proxy;

import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.accesslog.Origin;
import dev.telltale.config.RouteConfig;
import dev.telltale.container.ContainerCauses;
import dev.telltale.container.ContainerFacts;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.failure.UpstreamFailure;
import dev.telltale.upstream.ConnectSteps;
import dev.telltale.upstream.ResponseListener;
import dev.telltale.upstream.Target;
import dev.telltale.upstream.Upstream;
import dev.telltale.upstream.UpstreamConnection;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * One request from one client, forwarded to the upstream (retrying where {@link RetryPolicy} allows) and its
 * response relayed back, or answered by the proxy when that fails. Lives on the client's event
 * loop, which is also the loop of the upstream connection, so its fields need no guarding.
 */
final class Exchange implements ResponseListener {

    private final ClientConnectionHandler client;
    private final Channel clientChannel;
    private final ProxyRuntime runtime;
    private final RouteConfig route;
    private final Upstream upstream;
    private final RequestFacts request;
    private final HttpRequest upstreamRequest;
    private final AccessLogEntry.Builder log;
    private final ExchangeRecord record;
    private final RetryPolicy retry;
    private final ExchangeDeadlines deadlines;
    private final RequestBodyRelay body;
    private final Set<Target> tried = new HashSet<>(2);

    private UpstreamConnection connection;
    private Target target;
    private long responseBodyBytes;
    private boolean responseHeadReceived;
    private boolean inInterimResponse;
    private boolean responseHeadForwarded;
    private boolean closeClientAfterResponse;
    private boolean upstreamReusable;
    private long keepAliveHintNanos;
    private boolean ended;
    private String attemptTarget;
    /** Made at the first failure the deploy hold may wait out; null until then. */
    private DeployHold hold;
    /** What Docker reported at the latest attempt when it said no target's container can answer. */
    private ContainerFacts knownDown;

    Exchange(ClientConnectionHandler client, ProxyRuntime runtime, RouteConfig route, RequestFacts request,
             AccessLogEntry.Builder log) {
        this.client = client;
        this.clientChannel = client.channel();
        this.runtime = runtime;
        this.route = route;
        this.upstream = runtime.upstream(route.upstream());
        this.request = request;
        this.log = log;
        this.record = new ExchangeRecord(log, runtime, request.startNanos());
        this.retry = new RetryPolicy(route.retry(), request.idempotent());
        this.deadlines = new ExchangeDeadlines(this, route, clientChannel.eventLoop());
        this.body = new RequestBodyRelay(client.readGate(), deadlines, runtime.config().listen().maxRequestBodyBytes(),
                request.websocketUpgrade(), request.idempotent() && request.hasBody() && !request.websocketUpgrade()
                        ? route.retry().holdMaxBodyBytes() : 0);
        this.upstreamRequest = ForwardedHeaders.forRoute(request, route, runtime.config().requestId().header(),
                upstream.targets().get(0).toString());
        log.route(route.name()).upstream(upstream.name());
    }

    /** Begins forwarding: the client's body is held back until an upstream connection is ready. */
    void start() {
        if (pacesClientReading()) {
            client.readGate().pause(ReadGate.Reason.BODY_BACKPRESSURE);
        }
        attempt();
    }

    /** The first try, or the next after a hold: Docker may already know that no target can answer. */
    private void attempt() {
        knownDown = runtime.knownDown().check(upstream.config().targets());
        if (knownDown != null) {
            // Say so now rather than wait out DNS and connect (or wait in the hold for the container).
            fail(UpstreamFailure.beforeSending(Failure.DESTINATION_UNAVAILABLE, Phase.CONNECT,
                    "not tried: Docker reports that no target's container can answer"));
            return;
        }
        connect();
    }

    /**
     * True when this exchange pauses and resumes reading from the client itself: to stream a
     * body at the upstream's pace, or to leave bytes after an upgrade request to the tunnel.
     */
    boolean pacesClientReading() {
        return request.hasBody() || request.websocketUpgrade();
    }

    boolean requestComplete() {
        return body.complete();
    }

    private void connect() {
        target = upstream.pick(tried);
        if (target == null) {
            attemptTarget = null;
            fail(UpstreamFailure.beforeSending(Failure.DESTINATION_UNAVAILABLE, Phase.CONNECT, upstream.downSummary()));
            return;
        }
        tried.add(target);
        attemptTarget = target.toString();
        record.attemptStarted();
        long connectStart = System.nanoTime();
        Future<UpstreamConnection> acquiring = runtime.pools().acquire(clientChannel.eventLoop(), target,
                runtime.connectSettings(route), !retry.wantsFreshConnection(),
                retry.replaysAfterTheRace() && (!request.hasBody() || body.canResend()), ConnectSteps.NONE);
        if (acquiring.isDone()) {
            onConnected(acquiring, connectStart);
        } else {
            acquiring.addListener(done -> onConnected(acquiring, connectStart));
        }
    }

    private void onConnected(Future<UpstreamConnection> acquiring, long connectStart) {
        if (ended) {
            if (acquiring.isSuccess()) {
                acquiring.getNow().release(0);
            }
            return;
        }
        if (!acquiring.isSuccess()) {
            // No connection was made: the log names the target that was tried, as host:port.
            log.target(attemptTarget);
            fail(ResponseFailures.ofConnect(acquiring.cause()));
            return;
        }
        connection = acquiring.getNow();
        connection.bind(this);
        attemptTarget = connection.remoteAddress();
        log.target(attemptTarget);
        if (!connection.reused()) {
            // connect_ms covers DNS and TCP, as timeouts.connect does; the handshake is tls_ms.
            Long tlsMs = connection.tlsMillis();
            log.connectMs(millisSince(connectStart) - (tlsMs == null ? 0 : tlsMs)).tlsMs(tlsMs);
        }
        sendRequest();
    }

    private void sendRequest() {
        Channel up = connection.channel();
        up.write(upstreamRequest, up.voidPromise());
        if (request.expectsContinue() && !body.complete() && body.holdsNothing()) {
            clientChannel.writeAndFlush(new DefaultFullHttpResponse(request.head().protocolVersion(),
                    HttpResponseStatus.CONTINUE), clientChannel.voidPromise());
            if (ended) {
                return; // that flush found the client gone, and the exchange ended there
            }
        }
        body.connected(up);
    }

    /** Request body from the client, in order; this exchange owns {@code content}. */
    void onRequestContent(HttpContent content) {
        log.addBytesIn(content.content().readableBytes());
        RequestBodyRelay.Rejection refused = body.accept(content, ended);
        if (refused != null && !ended) {
            abortByClient(refused.failure(), refused.detail());
        }
    }

    @Override
    public void onUpstreamWritabilityChanged(boolean writable) {
        if (!ended) {
            body.upstreamWritabilityChanged(writable);
        }
    }

    @Override
    public void onResponseHead(HttpResponse head) {
        if (ended) {
            return;
        }
        if (head.decoderResult().isFailure()) {
            fail(ResponseFailures.ofHead(head.decoderResult().cause(), route, raceable()));
            return;
        }
        int status = head.status().code();
        if (status == 101 && request.websocketUpgrade()) {
            responseHeadReceived = true;
            deadlines.cancel();
            log.ttfbMs(deadlines.millisSinceRequestSent()).upstreamStatus(status).status(status).origin(Origin.UPSTREAM);
            responseHeadForwarded = true;
            Tunnel.accept(head, request, runtime.config().requestId().header(), clientChannel, connection,
                    this::onTunnelClosed);
            return;
        }
        if (status >= 100 && status < 200) {
            inInterimResponse = true;
            clientChannel.write(head, clientChannel.voidPromise());
            return;
        }
        UpstreamFailure tooLarge = ResponseFailures.declaredTooLarge(head, route);
        if (tooLarge != null) {
            fail(tooLarge);
            return;
        }
        responseHeadReceived = true;
        body.responseStarted();
        target.attemptSucceeded();
        deadlines.responseHeadReceived();
        log.ttfbMs(deadlines.millisSinceRequestSent()).upstreamStatus(status).status(status).origin(Origin.UPSTREAM);
        upstreamReusable = HttpUtil.isKeepAlive(head);
        keepAliveHintNanos = KeepAliveHint.nanos(head);
        boolean bodyExpected = !request.head().method().equals(HttpMethod.HEAD) && status != 204 && status != 304;
        boolean keepAlive = request.keepAlive() && !client.draining();
        boolean delimited = ForwardedHeaders.clientResponse(head, bodyExpected, request.head().protocolVersion(),
                keepAlive, runtime.config().requestId().header(), request.requestId(), false);
        closeClientAfterResponse = !keepAlive || !delimited;
        responseHeadForwarded = true;
        clientChannel.write(head, clientChannel.voidPromise());
    }

    @Override
    public void onResponseContent(HttpContent content) {
        if (ended || !responseHeadReceived && !inInterimResponse) {
            content.release();
            return;
        }
        if (inInterimResponse) {
            inInterimResponse = false;
            clientChannel.write(content, clientChannel.voidPromise());
            return;
        }
        if (content.decoderResult().isFailure()) {
            content.release();
            fail(ResponseFailures.ofBody(content.decoderResult().cause(), route));
            return;
        }
        deadlines.responseRead();
        responseBodyBytes += content.content().readableBytes();
        long maxBody = route.limits().maxResponseBodyBytes();
        if (maxBody > 0 && responseBodyBytes > maxBody) {
            content.release();
            fail(ResponseFailures.bodyTooLarge("response body grew past", route));
            return;
        }
        log.addBytesOut(content.content().readableBytes());
        if (content instanceof LastHttpContent) {
            clientChannel.writeAndFlush(content, clientChannel.voidPromise());
            complete();
            return;
        }
        clientChannel.write(content, clientChannel.voidPromise());
        if (ended) {
            // A write to a client that is already gone fails at once and ends the exchange.
            return;
        }
        if (!clientChannel.isWritable()) {
            // Pause before flushing: the flush may drain at once and fire the resume synchronously.
            connection.channel().config().setAutoRead(false);
            deadlines.readPaused();
            clientChannel.flush();
        }
    }

    @Override
    public void onUpstreamReadComplete() {
        if (!ended && responseHeadForwarded) {
            clientChannel.flush();
        }
    }

    /** The client can take more: read the upstream again. */
    void onClientWritabilityChanged(boolean writable) {
        if (writable && !ended && connection != null && responseHeadReceived) {
            deadlines.readResumed();
            connection.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void onUpstreamClosed() {
        if (!ended) {
            fail(ResponseFailures.ofClose(phase(), raceable()));
        }
    }

    @Override
    public void onUpstreamError(Throwable cause) {
        if (!ended) {
            fail(ResponseFailures.of(cause, phase(), raceable()));
        }
    }

    /** A reused connection that failed before any response byte: the keep-alive race. */
    private boolean raceable() {
        return connection != null && connection.reused() && !responseHeadReceived && !inInterimResponse;
    }

    @Override
    public void onInternalError(RuntimeException bug) {
        if (!ended) {
            client.logBug(bug);
            fail(UpstreamFailure.afterSending(Failure.PROXY_INTERNAL_ERROR, phase(),
                    "internal error in the proxy: " + bug));
        }
    }

    void onTimeout(UpstreamFailure failure) {
        if (!ended) {
            fail(failure);
        }
    }

    /** The client connection closed before the exchange ended. */
    void onClientGone() {
        onClientGone("client closed the connection during " + phase().wireName());
    }

    /** The client connection failed before the exchange ended: the detail says how. */
    void onClientFailed(Throwable cause) {
        onClientGone("client connection failed during " + phase().wireName() + ": "
                + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
    }

    private void onClientGone(String detail) {
        if (!ended) {
            log.status(499).failure(Failure.CLIENT_CLOSED.wireName()).failureDetail(detail);
            end(false, false);
        }
    }

    private Phase phase() {
        return connection == null ? Phase.CONNECT : responseHeadReceived ? Phase.RESPONSE_BODY
                : body.complete() ? Phase.RESPONSE_HEAD : Phase.REQUEST;
    }

    private void complete() {
        boolean reuse = upstreamReusable && body.complete();
        end(reuse, !closeClientAfterResponse && body.complete());
    }

    private void fail(UpstreamFailure failure) {
        if (connection != null) {
            if (failure.failure() == Failure.STALE_CONNECTION) {
                connection.lostTheRace(); // the target's idle limit shows, as well as by a close while idle
            }
            connection.discard();
            connection = null;
            body.disconnected();
        }
        if (target != null && failure.failure().countsAgainstTarget()) {
            target.attemptFailed(failure.failure(), failure.detail());
        }
        boolean again = !responseHeadForwarded
                && retry.allows(failure, record.tries(), body.sent() && !body.canResend());
        boolean held = !again && !responseHeadForwarded && holds(failure);
        if (!held || hold.firstPark()) {
            // A hold may try many times: the first wait and the final failure tell the story.
            record.attemptFailed(attemptTarget, failure, again || held);
        }
        if (again) {
            if (failure.failure() == Failure.STALE_CONNECTION) {
                tried.remove(target);
            }
            if (body.sent()) {
                body.rewind();
            }
            deadlines.newAttempt();
            connect();
            return;
        }
        if (!held) {
            giveUp(failure);
        }
    }

    /** True when the deploy hold takes the request after {@code failure}: it will be tried again later. */
    private boolean holds(UpstreamFailure failure) {
        if (!route.retry().holds()) {
            return false;
        }
        if (hold == null) {
            hold = new DeployHold(route.retry(), upstream.hold(), clientChannel.eventLoop(), this::afterHold);
        }
        return hold.park(failure, body.sent(), DeployHold.bodyFits(request, route.retry()), client.draining());
    }

    private void afterHold() {
        if (!ended) {
            tried.clear();
            deadlines.newAttempt();
            attempt();
        }
    }

    /** Draining began: a request waiting in the hold is answered now with what kept it waiting. */
    void drainStarted() {
        if (!ended && hold != null && hold.drain()) {
            giveUp(hold.waitingOut());
        }
    }

    /** No more tries: the client gets the error (or, after the head went out, a truncated response). */
    private void giveUp(UpstreamFailure failure) {
        if (hold != null) {
            failure = hold.gaveUp(failure, record);
        }
        record.failed(failure, knownDown != null && failure.failure() == Failure.DESTINATION_UNAVAILABLE
                ? knownDown : containerFacts(failure));
        log.origin(Origin.PROXY);
        if (responseHeadForwarded) {
            // The head is gone: only a truncated response can tell the client something broke.
            end(false, false);
            return;
        }
        respondWithError(failure);
    }

    /** What Docker knows of the failed target's container (the upstream's first when none was tried). */
    private ContainerFacts containerFacts(UpstreamFailure failure) {
        if (failure.failure().side() != Failure.Side.UPSTREAM || !runtime.containers().current().connected()) {
            return null;
        }
        Target about = target != null ? target : upstream.targets().get(0);
        return ContainerCauses.forFailure(runtime.containers().current(), about.address(), failure.failure(),
                Instant.now());
    }

    private void respondWithError(UpstreamFailure failure) {
        // The decoder knows where the request ends, so a bodiless request leaves the connection usable.
        boolean keepAlive = request.keepAlive() && (body.complete() || !request.hasBody()) && !client.draining();
        ErrorResponses.write(clientChannel, runtime, record.reportForPage(failure), request.client().inet(),
                request.head().headers().get(HttpHeaderNames.ACCEPT), keepAlive, clientChannel.voidPromise());
        end(false, keepAlive);
    }

    private void abortByClient(Failure failure, String detail) {
        UpstreamFailure rejection = new UpstreamFailure(failure, Phase.REQUEST, detail, body.sent());
        record.failed(rejection, null);
        if (connection != null) {
            connection.discard();
            connection = null;
        }
        if (responseHeadForwarded) {
            end(false, false);
        } else {
            respondWithError(rejection);
        }
    }

    private void onTunnelClosed() {
        if (!ended) {
            connection = null;
            ended = true;
            record.write(false);
            client.tunnelEnded(this);
        }
    }

    /** Ends the exchange once: frees the upstream connection, settles the client connection, logs. */
    private void end(boolean reuseUpstream, boolean keepClient) {
        if (ended) {
            return;
        }
        ended = true;
        deadlines.cancel();
        body.releaseHeld();
        if (hold != null) {
            hold.ended(record);
        }
        if (connection != null) {
            if (reuseUpstream) {
                connection.channel().config().setAutoRead(true);
                connection.release(upstream.config().pool().idleTimeout().toNanos(), keepAliveHintNanos);
            } else {
                connection.discard();
            }
            connection = null;
        }
        record.write(responseHeadForwarded);
        client.exchangeEnded(this, keepClient);
    }

    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
