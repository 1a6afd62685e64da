package dev.telltale.proxy;

import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.accesslog.Origin;
import dev.telltale.config.RouteConfig;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.upstream.UpstreamConnection;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * The upstream's response on its way to the client: interim (1xx) answers passed through, the
 * final head made fit for the client, the body streamed with reading from the upstream paused
 * whenever the client cannot take more, and its size held to the route's limit.
 */
final class ResponseRelay {

    private final Exchange exchange;
    private final ExchangeTimeline timeline;
    private final ExchangeDeadlines deadlines;
    private final Channel client;
    private final RouteConfig route;
    private final RequestFacts request;
    private final String requestIdHeader;
    private final AccessLogEntry.Builder log;
    private long bodyBytes;
    private int status;
    private boolean interim;
    private boolean closeClientAfter;
    private boolean upstreamReusable;
    private long keepAliveHintNanos;

    ResponseRelay(Exchange exchange, ExchangeTimeline timeline, ExchangeDeadlines deadlines, Channel client,
                  RouteConfig route, RequestFacts request, String requestIdHeader, AccessLogEntry.Builder log) {
        this.exchange = exchange;
        this.timeline = timeline;
        this.deadlines = deadlines;
        this.client = client;
        this.route = route;
        this.request = request;
        this.requestIdHeader = requestIdHeader;
        this.log = log;
    }

    /** The upstream's response head: a protocol switch, an interim answer, or the final head. */
    void head(HttpResponse head, UpstreamConnection connection, RequestBodyRelay body) {
        if (head.decoderResult().isFailure()) {
            exchange.fail(ResponseFailures.ofHead(head.decoderResult().cause(), route, exchange.raceable()));
            return;
        }
        int status = head.status().code();
        if (status == 101 && request.websocketUpgrade()) {
            exchange.to(ExchangeState.TUNNEL);
            log.ttfbMs(timeline.ttfbMillis()).upstreamStatus(status).status(status).origin(Origin.UPSTREAM);
            Tunnel.accept(head, request, requestIdHeader, client, connection, exchange::tunnelClosed);
            return;
        }
        if (interim(head)) {
            return;
        }
        ExchangeFailure tooLarge = ResponseFailures.declaredTooLarge(head, route);
        if (tooLarge != null) {
            exchange.fail(tooLarge);
            return;
        }
        this.status = status;
        exchange.to(ExchangeState.RELAYING);
        body.responseStarted();
        log.ttfbMs(timeline.ttfbMillis()).upstreamStatus(status).status(status).origin(Origin.UPSTREAM);
        start(head, exchange.clientDraining());
    }

    /** Tells a client that expects it to send the body; false when that flush found the client gone (it ended). */
    boolean sendContinue() {
        client.writeAndFlush(new DefaultFullHttpResponse(request.head().protocolVersion(), HttpResponseStatus.CONTINUE),
                client.voidPromise());
        return !timeline.ended();
    }

    /** Passes an interim answer (1xx, not a protocol switch) to the client; false for a final head. */
    private boolean interim(HttpResponse head) {
        int status = head.status().code();
        if (status < 100 || status >= 200) {
            return false;
        }
        interim = true;
        client.write(head, client.voidPromise());
        return true;
    }

    /** True between an interim head and its (empty) end: a reused connection has answered, so it was no race. */
    boolean inInterim() {
        return interim;
    }

    /** Sends the final head on, shaped for the client; {@code clientDraining} closes the client after it. */
    private void start(HttpResponse head, boolean clientDraining) {
        int status = head.status().code();
        upstreamReusable = HttpUtil.isKeepAlive(head);
        keepAliveHintNanos = KeepAliveHint.nanos(head);
        boolean bodyExpected = !request.head().method().equals(HttpMethod.HEAD) && status != 204 && status != 304;
        boolean keepAlive = request.keepAlive() && !clientDraining;
        boolean delimited = ForwardedHeaders.clientResponse(head, bodyExpected, request.head().protocolVersion(),
                keepAlive, requestIdHeader, request.requestId(), false);
        closeClientAfter = !keepAlive || !delimited;
        client.write(head, client.voidPromise());
    }

    /** A piece of the response, owned from here; {@code upstream} is read again when the client drains. */
    void content(HttpContent content, Channel upstream) {
        if (interim) {
            interim = false;
            client.write(content, client.voidPromise());
            return;
        }
        if (content.decoderResult().isFailure()) {
            content.release();
            exchange.fail(ResponseFailures.ofBody(content.decoderResult().cause(), route));
            return;
        }
        deadlines.responseRead();
        bodyBytes += content.content().readableBytes();
        long maxBody = route.limits().maxResponseBodyBytes();
        if (maxBody > 0 && bodyBytes > maxBody) {
            content.release();
            exchange.fail(ResponseFailures.bodyTooLarge("response body grew past", route));
            return;
        }
        log.addBytesOut(content.content().readableBytes());
        if (content instanceof LastHttpContent) {
            client.writeAndFlush(content, client.voidPromise());
            exchange.complete();
            return;
        }
        client.write(content, client.voidPromise());
        if (timeline.ended()) {
            // A write to a client that is already gone fails at once and ends the exchange.
            return;
        }
        if (!client.isWritable()) {
            // Pause before flushing: the flush may drain at once and fire the resume synchronously.
            upstream.config().setAutoRead(false);
            deadlines.readPaused();
            client.flush();
        }
    }

    /** The client can take more: read the upstream again. */
    void clientWritable(Channel upstream) {
        deadlines.readResumed();
        upstream.config().setAutoRead(true);
    }

    /** The status of the final response head; 0 before it came. */
    int status() {
        return status;
    }

    /** True when the upstream connection may serve another request once this response is whole. */
    boolean upstreamReusable() {
        return upstreamReusable;
    }

    /** How long the upstream said it keeps the connection open ({@code Keep-Alive: timeout}). */
    long keepAliveHintNanos() {
        return keepAliveHintNanos;
    }

    /** True when the client connection must close after this response (not delimited, or not kept alive). */
    boolean closesClient() {
        return closeClientAfter;
    }
}
