package dev.telltale.proxy;

import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.accesslog.Origin;
import dev.telltale.config.Durations;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import dev.telltale.http1.RequestHead;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * One client connection: turns each request head that {@link Admission} admits into an
 * {@link Exchange} and feeds it the body, one exchange at a time (a request pipelined behind
 * one still being answered waits in the {@link ReadGate}); a refused head is answered by
 * {@link EarlyAnswers}.
 */
final class ClientConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ClientConnectionHandler.class);

    private final Supplier<ProxyRuntime> runtime;
    private final Drain drain;
    private final ReadGate gate;
    private final ClientClocks clocks;
    /** Non-zero on a connection beyond {@code listen.max_connections}: its request gets 503, then it closes. */
    private final int refusedOverLimit;
    /** The X-Forwarded-Proto of every request on this connection: "https" once TLS carries it. */
    private String scheme;
    /** Plain HTTP came to the TLS listener: its request gets 400 saying so. */
    private boolean plainHttpOnTls;
    private ChannelHandlerContext ctx;
    /** The log's protocol for this connection's requests when they are not HTTP/1: "HTTP/2" on a stream. */
    private String streamProtocol;
    private EarlyAnswers early;
    private Exchange exchange;
    /** The request being set up, until it becomes an exchange or is answered: for bug reports. */
    private RequestFacts pendingFacts;
    private AccessLogEntry.Builder pendingLog;
    /**
     * Who the client is, as X-Forwarded-* and the log say it: made once per connection (again
     * only if the scheme turns out plain), since every request on it is from the same client.
     */
    private ForwardedHeaders.ClientFacts client;
    /** Made with the first exchange: its requests' deadlines share it. */
    private DeadlineTimer deadlineTimer;

    ClientConnectionHandler(Supplier<ProxyRuntime> runtime, Drain drain, ReadGate gate, ClientClocks clocks,
                            int refusedOverLimit, boolean tls) {
        this.runtime = runtime;
        this.drain = drain;
        this.gate = gate;
        this.clocks = clocks;
        this.refusedOverLimit = refusedOverLimit;
        this.scheme = tls ? "https" : "http";
    }

    /** The client spoke plain HTTP to the TLS listener (an http:// URL for an https:// port). */
    void plainHttpOnTlsListener() {
        plainHttpOnTls = true;
        scheme = "http";
        client = null;
    }

    /** While the proxy drains, no connection is kept for another request. */
    boolean draining() {
        return drain.draining();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.early = new EarlyAnswers(ctx.channel(), gate);
        this.streamProtocol = ctx.channel() instanceof Http2StreamChannel ? "HTTP/2" : null;
    }

    Channel channel() {
        return ctx.channel();
    }

    ReadGate readGate() {
        return gate;
    }

    DeadlineTimer deadlineTimer() {
        if (deadlineTimer == null) {
            deadlineTimer = new DeadlineTimer(ctx.channel().eventLoop());
        }
        return deadlineTimer;
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
        if (msg instanceof RequestHead head) {
            onRequestHead(head);
        } else if (msg instanceof RequestBodyPiece content) {
            Exchange current = exchange;
            if (current != null && !current.requestComplete()) {
                current.onRequestContent(content);
            } else {
                content.release();
            }
        } else {
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
            answer(runtime.get(), pendingFacts, pendingLog, new Admission.Refused(Failure.PROXY_INTERNAL_ERROR,
                    Phase.ROUTING, "internal error in the proxy: " + bug, false));
        } else {
            ctx.close();
        }
    }

    void logBug(RuntimeException bug) {
        LOG.error("bug: request handling failed; the client got proxy_internal_error", bug);
    }

    private void onRequestHead(RequestHead head) {
        long start = System.nanoTime();
        clocks.headReceived();
        String badTarget = head.isOk() ? AbsoluteForm.toOriginForm(head) : null;
        ProxyRuntime current = runtime.get();
        String requestId = RequestIds.choose(head.valueNamed(current.config().requestId().header()),
                current.config().requestId().trustIncoming());
        ForwardedHeaders.ClientFacts client = clientFacts();
        RequestFacts facts = RequestFacts.of(head, requestId, client, streamProtocol != null, start);
        AccessLogEntry.Builder log = AccessLogEntry.builder()
                .ts(MilliClock.now()).requestId(requestId).client(client.address())
                .method(head.methodName()).host(head.host()).path(head.uri())
                .protocol(streamProtocol != null ? streamProtocol : head.http10() ? "HTTP/1.0" : "HTTP/1.1")
                .userAgent(head.userAgent()).origin(Origin.PROXY);
        facts.trace().logTo(log);
        pendingFacts = facts;
        pendingLog = log;

        Admission.Verdict verdict = Admission.judge(head, badTarget,
                new Admission.Connection(refusedOverLimit, plainHttpOnTls, drain.draining()),
                current.router(), current.config().listen().maxRequestBodyBytes());
        if (verdict instanceof Admission.Refused refusal) {
            answer(current, facts, log, refusal);
            return;
        }
        exchange = new Exchange(this, current, ((Admission.Admitted) verdict).route(), facts, log);
        pendingFacts = null;
        pendingLog = null;
        drain.exchangeStarted();
        exchange.start();
    }

    /** The proxy answers by itself; the request body, if any, is read and dropped by the decoder's framing. */
    private void answer(ProxyRuntime current, RequestFacts facts, AccessLogEntry.Builder log,
                        Admission.Refused refusal) {
        pendingFacts = null;
        pendingLog = null;
        log.durationMs(facts.millisSinceStart());
        early.send(current, log, refusal, facts.client().inet(), facts.head().value("accept"), facts.grpc(),
                facts.headMethod(), facts.hasBody());
    }

    /**
     * A head begun but not complete within {@code listen.client_header_timeout} (a slow client,
     * or slowloris): 408, a log line with what is known (no method or path yet), and the close.
     */
    private void onHeadTimeout() {
        ProxyRuntime current = runtime.get();
        AccessLogEntry.Builder log = AccessLogEntry.builder()
                .ts(MilliClock.now()).requestId(RequestIds.choose(null, false)).client(clientFacts().address())
                .origin(Origin.PROXY).durationMs(clocks.headWaitedMillis());
        early.send(current, log, new Admission.Refused(Failure.HTTP_REQUEST_TIMEOUT, Phase.REQUEST,
                "request head not complete within listen.client_header_timeout = "
                        + Durations.format(current.config().listen().clientHeaderTimeout()), false),
                clientFacts().inet(), null, false, false, false);
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
            clocks.answerEnded();
            // A request held meanwhile goes on now; an exchange that streams a body pauses again.
            gate.resumeAll();
        } else {
            LingeringClose.closeAfter(ctx.writeAndFlush(Unpooled.EMPTY_BUFFER),
                    ended.pacesClientReading() && !ended.requestComplete(), gate);
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
            exchange.onClientGone(null);
        }
        if (deadlineTimer != null) {
            deadlineTimer.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == RequestHeadTimer.EXPIRED && exchange == null) {
            onHeadTimeout();
        } else if (event instanceof IdleStateEvent && exchange == null && clocks.headBegun()) {
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
            exchange.onClientGone(cause);
        }
        ctx.close();
    }

    private ForwardedHeaders.ClientFacts clientFacts() {
        if (client == null) {
            client = ClientAddress.of(ctx.channel(), streamProtocol != null, scheme);
        }
        return client;
    }
}
