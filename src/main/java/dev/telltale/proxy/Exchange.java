package dev.telltale.proxy;

import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.accesslog.Origin;
import dev.telltale.config.DetailLevel;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.Sizes;
import dev.telltale.diagnostics.ErrorReport;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.failure.UpstreamFailure;
import dev.telltale.failure.UpstreamFailureException;
import dev.telltale.route.Router;
import dev.telltale.upstream.ConnectSettings;
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

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Set;

/**
 * One request from one client, forwarded to the upstream (retrying where §4 allows) and its
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
    private final ExchangeDeadlines deadlines;
    private final ArrayDeque<HttpContent> heldBody = new ArrayDeque<>(2);
    private final Set<Target> tried = new HashSet<>(2);

    private UpstreamConnection connection;
    private Target target;
    private int attempts;
    private boolean staleRetryUsed;
    private boolean bodySent;
    private long bodyBytes;
    private long responseBodyBytes;
    private boolean requestComplete;
    private boolean requestSent;
    private boolean responseHeadReceived;
    private boolean inInterimResponse;
    private boolean responseHeadForwarded;
    private boolean closeClientAfterResponse;
    private boolean upstreamReusable;
    private long keepAliveHintNanos;
    private boolean ended;
    private String attemptTarget;
    private UpstreamFailure finalFailure;
    private AccessLogEntry logged;
    private final List<ErrorReport.Attempt> attemptRecords = new ArrayList<>(1);

    Exchange(ClientConnectionHandler client, ProxyRuntime runtime, RouteConfig route, RequestFacts request,
             AccessLogEntry.Builder log) {
        this.client = client;
        this.clientChannel = client.channel();
        this.runtime = runtime;
        this.route = route;
        this.upstream = runtime.upstream(route.upstream());
        this.request = request;
        this.log = log;
        this.deadlines = new ExchangeDeadlines(this, route, clientChannel.eventLoop());
        String uri = route.stripPrefix()
                ? Router.stripPrefix(request.head().uri(), route.match().pathPrefix())
                : request.head().uri();
        this.upstreamRequest = ForwardedHeaders.upstreamRequest(request.head(), uri, request.client(),
                runtime.config().requestId().header(), request.requestId(),
                upstream.targets().get(0).address().toString(), request.websocketUpgrade());
        log.route(route.name()).upstream(upstream.name());
    }

    /** Begins forwarding: the client's body is held back until an upstream connection is ready. */
    void start() {
        client.pauseReading();
        connect();
    }

    boolean requestComplete() {
        return requestComplete;
    }

    private void connect() {
        target = upstream.pick(tried);
        if (target == null) {
            attemptTarget = null;
            fail(UpstreamFailure.beforeSending(Failure.DESTINATION_UNAVAILABLE, Phase.CONNECT, upstream.downSummary()));
            return;
        }
        tried.add(target);
        attemptTarget = target.address().toString();
        attempts++;
        long connectStart = System.nanoTime();
        ConnectSettings settings = new ConnectSettings(route.timeouts().connect(), route.keyOf("timeouts.connect"),
                route.timeouts().tlsHandshake(), route.keyOf("timeouts.tls_handshake"),
                (int) Math.min(Integer.MAX_VALUE, route.limits().maxResponseHeaderBytes()),
                upstream.config().pool().maxConnections(), "upstreams." + upstream.name() + ".pool.max_connections");
        Future<UpstreamConnection> acquiring =
                runtime.pools().acquire(clientChannel.eventLoop(), target, settings, !staleRetryUsed);
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
            fail(failureOf(acquiring.cause(), Phase.CONNECT));
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
        requestSent = true;
        if (request.expectsContinue() && !requestComplete && heldBody.isEmpty()) {
            clientChannel.writeAndFlush(new DefaultFullHttpResponse(request.head().protocolVersion(),
                    HttpResponseStatus.CONTINUE), clientChannel.voidPromise());
        }
        HttpContent held;
        while ((held = heldBody.poll()) != null) {
            writeBody(held);
        }
        up.flush();
        if (requestComplete) {
            deadlines.requestSent();
        } else if (up.isWritable()) {
            client.resumeReading();
        }
    }

    /** Request body from the client, in order; this exchange owns {@code content}. */
    void onRequestContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            content.release();
            abortByClient(Failure.HTTP_REQUEST_ERROR, "request body is malformed: "
                    + content.decoderResult().cause().getMessage());
            return;
        }
        bodyBytes += content.content().readableBytes();
        log.addBytesIn(content.content().readableBytes());
        long maxBody = runtime.config().listen().maxRequestBodyBytes();
        if (maxBody > 0 && bodyBytes > maxBody) {
            content.release();
            abortByClient(Failure.HTTP_REQUEST_BODY_SIZE, "request body exceeded "
                    + Sizes.describe(maxBody) + " (listen.max_request_body_bytes)");
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (last) {
            requestComplete = true;
            client.pauseReading();
        }
        if (ended) {
            content.release();
            return;
        }
        if (connection == null) {
            heldBody.add(content);
            return;
        }
        writeBody(content);
        connection.channel().flush();
        if (last) {
            deadlines.requestSent();
        } else if (!connection.channel().isWritable()) {
            client.pauseReading();
            deadlines.writeStalled();
        }
    }

    private void writeBody(HttpContent content) {
        if (content.content().isReadable()) {
            bodySent = true;
        }
        connection.channel().write(content, connection.channel().voidPromise());
    }

    @Override
    public void onUpstreamWritabilityChanged(boolean writable) {
        if (ended || requestComplete) {
            return;
        }
        if (writable) {
            deadlines.writeResumed();
            client.resumeReading();
        } else {
            client.pauseReading();
            deadlines.writeStalled();
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
            ForwardedHeaders.clientResponse(head, false, request.head().protocolVersion(), true,
                    runtime.config().requestId().header(), request.requestId(), true);
            responseHeadForwarded = true;
            connection.detach();
            Tunnel.open(clientChannel, connection.channel(), head, this::onTunnelClosed);
            return;
        }
        if (status >= 100 && status < 200) {
            inInterimResponse = true;
            clientChannel.write(head, clientChannel.voidPromise());
            return;
        }
        long maxBody = route.limits().maxResponseBodyBytes();
        if (maxBody > 0 && HttpUtil.getContentLength(head, -1L) > maxBody) {
            fail(ResponseFailures.bodyTooLarge("response declares " + HttpUtil.getContentLength(head, -1L)
                    + " body bytes, more than", route));
            return;
        }
        responseHeadReceived = true;
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
            fail(cause instanceof UpstreamFailureException classified ? classified.failure()
                    : ResponseFailures.ofError(cause, phase(), raceable()));
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

    /** The client connection closed or failed before the exchange ended. */
    void onClientGone() {
        if (ended) {
            return;
        }
        log.status(499).failure(Failure.CLIENT_CLOSED.wireName())
                .failureDetail("client closed the connection during " + phase().wireName());
        end(false, false);
    }

    private Phase phase() {
        if (connection == null) {
            return Phase.CONNECT;
        }
        if (responseHeadReceived) {
            return Phase.RESPONSE_BODY;
        }
        return requestComplete ? Phase.RESPONSE_HEAD : Phase.REQUEST;
    }

    private void complete() {
        boolean reuse = upstreamReusable && requestComplete;
        end(reuse, !closeClientAfterResponse && requestComplete);
    }

    private void fail(UpstreamFailure failure) {
        if (connection != null) {
            connection.discard();
            connection = null;
        }
        attemptRecords.add(new ErrorReport.Attempt(attemptTarget, failure.failure(), failure.detail()));
        if (target != null && countsAgainstTarget(failure.failure())) {
            target.attemptFailed(failure.failure(), failure.detail());
        }
        if (!responseHeadForwarded && mayRetry(failure)) {
            log.addRetry(attemptTarget, failure.failure().wireName());
            deadlines.cancel();
            connect();
            return;
        }
        finalFailure = failure;
        log.failure(failure.failure().wireName()).failureDetail(failure.detail()).origin(Origin.PROXY);
        if (responseHeadForwarded) {
            // The head is gone: only a truncated response can tell the client something broke.
            end(false, false);
            return;
        }
        respondWithError(failure);
    }

    /** Failures that say something about the target's health (passive outlier detection). */
    private static boolean countsAgainstTarget(Failure failure) {
        return failure.side() == Failure.Side.UPSTREAM && failure != Failure.DESTINATION_UNAVAILABLE
                && failure != Failure.CONNECTION_LIMIT_REACHED && failure != Failure.STALE_CONNECTION;
    }

    /**
     * PRODUCT.md §4: never once a head went out (the caller checks); failures before any request
     * byte left, per {@code retry.on} and {@code retry.attempts}; the keep-alive race once, on a
     * fresh connection, for an idempotent request whose body was not streamed.
     */
    private boolean mayRetry(UpstreamFailure failure) {
        String name = failure.failure().wireName();
        if (!route.retry().retriesOn(name)) {
            return false;
        }
        if (failure.failure() == Failure.STALE_CONNECTION) {
            if (staleRetryUsed || bodySent || !request.idempotent()) {
                return false;
            }
            staleRetryUsed = true;
            tried.remove(target);
            return true;
        }
        return !failure.requestSent() && attempts < route.retry().attempts();
    }

    private void respondWithError(UpstreamFailure failure) {
        // The decoder knows where the request ends, so a bodiless request leaves the connection usable.
        boolean keepAlive = request.keepAlive() && (requestComplete || !request.hasBody()) && !client.draining();
        log.status(failure.failure().status()).origin(Origin.PROXY);
        // Logged and kept before the page leaves, so the ID on the page is already findable.
        AccessLogEntry entry = writeLog();
        ErrorReport report = ErrorReports.of(entry, failure, attemptRecords);
        runtime.incidents().record(report);
        DetailLevel level = runtime.detailPolicy().levelFor(request.client().inet());
        clientChannel.writeAndFlush(ErrorResponses.of(report, level, request.head().headers().get(HttpHeaderNames.ACCEPT),
                runtime.config().requestId().header(), keepAlive), clientChannel.voidPromise());
        end(false, keepAlive);
    }

    private void abortByClient(Failure failure, String detail) {
        UpstreamFailure rejection = new UpstreamFailure(failure, Phase.REQUEST, detail, bodySent);
        finalFailure = rejection;
        log.failure(failure.wireName()).failureDetail(detail);
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
            writeLog();
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
        HttpContent held;
        while ((held = heldBody.poll()) != null) {
            held.release();
        }
        if (connection != null) {
            if (reuseUpstream) {
                connection.channel().config().setAutoRead(true);
                connection.release(Math.min(keepAliveHintNanos,
                        upstream.config().pool().idleTimeout().toNanos()));
            } else {
                connection.discard();
            }
            connection = null;
        }
        writeLog();
        client.exchangeEnded(this, keepClient);
    }

    /** Writes the access-log line once; a failure without a page still becomes an incident. */
    private AccessLogEntry writeLog() {
        if (logged != null) {
            return logged;
        }
        log.attempts(attempts).durationMs(millisSince(request.startNanos()));
        logged = log.build();
        runtime.accessLog().write(logged);
        if (finalFailure != null && responseHeadForwarded) {
            runtime.incidents().record(ErrorReports.of(logged, finalFailure, attemptRecords));
        }
        return logged;
    }

    private UpstreamFailure failureOf(Throwable cause, Phase phase) {
        if (cause instanceof UpstreamFailureException classified) {
            return classified.failure();
        }
        return ResponseFailures.ofError(cause, phase, false);
    }

    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
