package dev.telltale.proxy;

import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.accesslog.Origin;
import dev.telltale.config.DetailLevel;
import dev.telltale.config.Durations;
import dev.telltale.config.RouteConfig;
import dev.telltale.diagnostics.ErrorReport;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.failure.UpstreamFailure;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * One client connection: turns each request head into an {@link Exchange}, feeds it the body,
 * and takes the next request only when the previous exchange has ended (pipelined requests
 * are answered in order). Requests that never reach an upstream are answered here.
 */
final class ClientConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ClientConnectionHandler.class);

    private final Supplier<ProxyRuntime> runtime;
    private final Drain drain;
    private final ReadGate gate;
    /** The client's keep-alive clock, restarted whenever an answer ends. */
    private final IdleStateHandler keepalive;
    private final RequestHeadTimer headTimer;
    /** Non-zero on a connection beyond {@code listen.max_connections}: its request gets 503, then it closes. */
    private final int refusedOverLimit;
    /** The X-Forwarded-Proto of every request on this connection: "https" once TLS carries it. */
    private String scheme;
    /** Plain HTTP came to the TLS listener: its request gets 400 saying so. */
    private boolean plainHttpOnTls;
    private ChannelHandlerContext ctx;
    private Exchange exchange;
    /** The request being set up, until it becomes an exchange or is answered: for bug reports. */
    private RequestFacts pendingFacts;
    private AccessLogEntry.Builder pendingLog;
    private String clientAddress;

    ClientConnectionHandler(Supplier<ProxyRuntime> runtime, Drain drain, ReadGate gate, IdleStateHandler keepalive,
                            RequestHeadTimer headTimer, int refusedOverLimit, boolean tls) {
        this.runtime = runtime;
        this.drain = drain;
        this.gate = gate;
        this.keepalive = keepalive;
        this.headTimer = headTimer;
        this.refusedOverLimit = refusedOverLimit;
        this.scheme = tls ? "https" : "http";
    }

    /** The client spoke plain HTTP to the TLS listener (an http:// URL for an https:// port). */
    void plainHttpOnTlsListener() {
        plainHttpOnTls = true;
        scheme = "http";
    }

    /** While the proxy drains, no connection is kept for another request. */
    boolean draining() {
        return drain.draining();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    Channel channel() {
        return ctx.channel();
    }

    ReadGate readGate() {
        return gate;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            dispatch(msg);
        } catch (RuntimeException bug) {
            onBug(bug);
        }
    }

    private void dispatch(Object msg) {
        if (exchange != null && exchange.requestComplete()) {
            // The next request waits for this answer; the gate holds it and what follows.
            gate.holdBack(msg);
            return;
        }
        if (msg instanceof HttpRequest head) {
            onRequestHead(head);
        }
        if (msg instanceof HttpContent content) {
            Exchange current = exchange;
            if (current != null && !current.requestComplete()) {
                current.onRequestContent(content);
            } else {
                content.release();
            }
        } else if (!(msg instanceof HttpRequest)) {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * A bug: the exchange in progress ends with {@code proxy_internal_error} (a page and a log
     * line, never a hang); with no exchange the request that caused it gets the same.
     */
    private void onBug(RuntimeException bug) {
        if (exchange != null) {
            exchange.onInternalError(bug);
            return;
        }
        logBug(bug);
        if (pendingFacts != null) {
            answer(runtime.get(), pendingFacts, pendingLog, Failure.PROXY_INTERNAL_ERROR,
                    "internal error in the proxy: " + bug, false);
        } else {
            ctx.close();
        }
    }

    void logBug(RuntimeException bug) {
        LOG.error("bug: request handling failed; the client got proxy_internal_error", bug);
    }

    private void onRequestHead(HttpRequest head) {
        long start = System.nanoTime();
        headTimer.headReceived();
        String badTarget = head.decoderResult().isSuccess() ? AbsoluteForm.toOriginForm(head) : null;
        ProxyRuntime current = runtime.get();
        String requestId = RequestIds.choose(head.headers().get(current.config().requestId().header()),
                current.config().requestId().trustIncoming());
        ForwardedHeaders.ClientFacts client = new ForwardedHeaders.ClientFacts(clientAddress(), clientInet(),
                scheme);
        RequestFacts facts = RequestFacts.of(head, requestId, client, start);
        AccessLogEntry.Builder log = AccessLogEntry.builder()
                .ts(Instant.now()).requestId(requestId).client(client.address())
                .method(head.method().name()).host(head.headers().get(HttpHeaderNames.HOST)).path(head.uri())
                .userAgent(head.headers().get(HttpHeaderNames.USER_AGENT)).origin(Origin.PROXY);
        pendingFacts = facts;
        pendingLog = log;

        if (refusedOverLimit > 0) {
            answer(current, facts, log, Failure.CLIENT_CONNECTION_LIMIT_REACHED, "the proxy already holds "
                    + refusedOverLimit + " client connections (listen.max_connections = " + refusedOverLimit + ")",
                    false);
            return;
        }
        if (plainHttpOnTls) {
            answer(current, facts, log, Failure.HTTP_REQUEST_ERROR, "plain HTTP was sent to the TLS listener,"
                    + " which takes https:// only", false);
            return;
        }
        if (head.decoderResult().isFailure()) {
            ClientErrors.Rejection rejection = ClientErrors.of(head.decoderResult().cause());
            answer(current, facts, log, rejection.failure(), rejection.detail(), false);
            return;
        }
        String badHead = badTarget != null ? badTarget : ClientErrors.validate(head);
        if (badHead != null) {
            answer(current, facts, log, Failure.HTTP_REQUEST_ERROR, badHead, false);
            return;
        }
        RouteConfig route = current.router().match(head.headers().get(HttpHeaderNames.HOST), pathOf(head.uri()));
        if (route == null) {
            answer(current, facts, log, Failure.DESTINATION_NOT_FOUND,
                    "no route matches host " + head.headers().get(HttpHeaderNames.HOST) + " and path "
                            + pathOf(head.uri()), facts.keepAlive());
            return;
        }
        long maxBody = current.config().listen().maxRequestBodyBytes();
        if (maxBody > 0 && HttpUtil.getContentLength(head, -1L) > maxBody) {
            answer(current, facts, log, Failure.HTTP_REQUEST_BODY_SIZE, "request body of "
                    + HttpUtil.getContentLength(head, -1L) + " bytes exceeds listen.max_request_body_bytes", false);
            return;
        }
        exchange = new Exchange(this, current, route, facts, log);
        pendingFacts = null;
        pendingLog = null;
        drain.exchangeStarted();
        exchange.start();
    }

    /** The proxy answers by itself; the request body, if any, is read and dropped by the decoder's framing. */
    private void answer(ProxyRuntime current, RequestFacts facts, AccessLogEntry.Builder log, Failure failure,
                        String detail, boolean keepAlive) {
        pendingFacts = null;
        pendingLog = null;
        log.durationMs(Exchange.millisSince(facts.startNanos()));
        respond(current, log, failure, detail, facts.client().inet(),
                facts.head().headers().get(HttpHeaderNames.ACCEPT), keepAlive, facts.hasBody());
    }

    /**
     * A head begun but not complete within {@code listen.client_header_timeout} (a slow client,
     * or slowloris): 408, a log line with what is known (no method or path yet), and the close.
     */
    private void onHeadTimeout() {
        ProxyRuntime current = runtime.get();
        AccessLogEntry.Builder log = AccessLogEntry.builder()
                .ts(Instant.now()).requestId(RequestIds.choose(null, false)).client(clientAddress())
                .origin(Origin.PROXY).durationMs(headTimer.waitedMillis());
        respond(current, log, Failure.HTTP_REQUEST_TIMEOUT, "request head not complete within "
                + "listen.client_header_timeout = " + Durations.format(current.config().listen().clientHeaderTimeout()),
                clientInet(), null, false, false);
    }

    private void respond(ProxyRuntime current, AccessLogEntry.Builder log, Failure failure, String detail,
                         InetAddress client, String accept, boolean keepAlive, boolean bodyMayFollow) {
        keepAlive = keepAlive && !drain.draining();
        Phase phase = failure == Failure.DESTINATION_NOT_FOUND || failure == Failure.PROXY_INTERNAL_ERROR
                ? Phase.ROUTING : Phase.REQUEST;
        UpstreamFailure answered = new UpstreamFailure(failure, phase, detail, false);
        log.status(failure.status()).failure(failure.wireName()).failureDetail(detail).attempts(0);
        // Logged and kept before the page leaves, so the ID on the page is already findable.
        AccessLogEntry entry = log.build();
        current.accessLog().write(entry);
        ErrorReport report = ErrorReports.of(entry, answered, List.of(), null);
        current.incidents().record(report);
        DetailLevel level = current.detailPolicy().levelFor(client);
        ChannelFuture sent = ctx.writeAndFlush(ErrorResponses.of(report, level, accept,
                current.config().requestId().header(), keepAlive));
        if (keepAlive) {
            sent.addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        } else {
            closeAfterAnswer(sent, bodyMayFollow);
        }
    }

    /**
     * Closes once the answer is out. When the client may still be sending a body, a plain close
     * would turn the unread bytes into a reset that takes the answer with it: that close lingers.
     */
    private void closeAfterAnswer(ChannelFuture answered, boolean bodyMayFollow) {
        answered.addListener(bodyMayFollow && ctx.channel().isActive()
                ? sent -> LingeringClose.close(ctx.channel(), gate) : ChannelFutureListener.CLOSE);
    }

    /** The exchange became a WebSocket tunnel and has now closed; this handler had already left the pipeline. */
    void tunnelEnded(Exchange ended) {
        if (exchange == ended) {
            exchange = null;
            drain.exchangeEnded();
        }
    }

    /** Called once by the exchange when it has ended. */
    void exchangeEnded(Exchange ended, boolean keepConnection) {
        if (exchange == ended) {
            exchange = null;
            drain.exchangeEnded();
        }
        if (keepConnection && !drain.draining() && ctx.channel().isActive()) {
            // keepalive_timeout counts from the end of the answer, not from the request.
            keepalive.resetReadTimeout();
            headTimer.expectHead();
            // A request held meanwhile goes on now; an exchange that streams a body pauses again.
            gate.resumeAll();
        } else {
            closeAfterAnswer(ctx.writeAndFlush(Unpooled.EMPTY_BUFFER),
                    ended.pacesClientReading() && !ended.requestComplete());
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.onClientWritabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.onClientGone();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == RequestHeadTimer.EXPIRED && exchange == null) {
            onHeadTimeout();
        } else if (event instanceof IdleStateEvent && exchange == null && headTimer.headBegun()) {
            return; // a head has begun: client_header_timeout answers it if it never completes
        } else if ((event instanceof IdleStateEvent || event == Drain.STARTED) && exchange == null) {
            ctx.close();
        } else if (event == Drain.STARTED) {
            exchange.drainStarted();
        } else {
            ReferenceCountUtil.release(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A failed TLS handshake comes wrapped by the decoder that met it: a client's error, not ours.
        if (!(cause instanceof IOException) && !(cause.getCause() instanceof SSLException)) {
            LOG.warn("closing client connection after an unexpected error", cause);
        }
        if (exchange != null) {
            exchange.onClientFailed(cause);
        }
        ctx.close();
    }

    private InetAddress clientInet() {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    private String clientAddress() {
        if (clientAddress == null) {
            // Made once per connection: it goes into every request's log line and X-Forwarded-For.
            clientAddress = ctx.channel().remoteAddress() instanceof InetSocketAddress inet && inet.getAddress() != null
                    ? inet.getAddress().getHostAddress()
                    : String.valueOf(ctx.channel().remoteAddress());
        }
        return clientAddress;
    }

    static String pathOf(String uri) {
        int query = uri.indexOf('?');
        return query >= 0 ? uri.substring(0, query) : uri;
    }
}
