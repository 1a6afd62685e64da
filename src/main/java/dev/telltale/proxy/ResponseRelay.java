package dev.telltale.proxy;

import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.accesslog.Origin;
import dev.telltale.config.RouteConfig;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.http1.ResponseHead;
import dev.telltale.upstream.UpstreamConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;

/**
 * The upstream's response on its way to the client: interim (1xx) answers passed through, the
 * final head made fit for the client ({@link ClientResponseHead}), the body's bytes relayed as they
 * came with reading from the upstream paused whenever the client cannot take more, and its size
 * held to the route's limit. A body without a length is chunked for an HTTP/1.1 client.
 */
final class ResponseRelay {

    /** The proxy's one interim answer; like all it writes to a client, bytes (a stream turns them into frames). */
    private static final String CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n";

    // The exchange's other parts are read from it, not copied here: a field is 4 bytes per request.
    private final Exchange exchange;
    private final Channel client;
    private long bodyBytes;
    private int status;
    private boolean interim;
    private boolean chunkForClient;
    private boolean closeClientAfter;
    private boolean upstreamReusable;
    private long keepAliveHintNanos;

    ResponseRelay(Exchange exchange, Channel client) {
        this.exchange = exchange;
        this.client = client;
    }

    /** The upstream's response head: a protocol switch, an interim answer, or the final head. */
    void head(ResponseHead head, UpstreamConnection connection, RequestBodyRelay body) {
        ExchangeTimeline timeline = exchange.timeline();
        if (timeline.ended()) {
            return;
        }
        int status = head.status();
        RequestFacts request = exchange.request();
        AccessLogEntry.Builder log = exchange.record().log();
        if (status == 101) {
            if (!request.websocketUpgrade()) {
                exchange.fail(ResponseFailures.unaskedSwitch());
                return;
            }
            exchange.to(ExchangeState.TUNNEL);
            log.ttfbMs(timeline.ttfbMillis()).upstreamStatus(status).status(status).origin(Origin.UPSTREAM);
            Tunnel.accept(head, request, requestIdHeader(), client, connection, exchange::tunnelClosed);
            return;
        }
        if (status < 200) {
            interim = true;
            client.write(clientHead(head, ClientResponseHead.Kind.INTERIM, null), client.voidPromise());
            return;
        }
        ExchangeFailure tooLarge = ResponseFailures.declaredTooLarge(head.contentLength(), exchange.route());
        if (tooLarge != null) {
            exchange.fail(tooLarge);
            return;
        }
        this.status = status;
        exchange.to(ExchangeState.RELAYING);
        body.responseStarted();
        log.ttfbMs(timeline.ttfbMillis()).upstreamStatus(status).status(status).origin(Origin.UPSTREAM);
        if (request.grpc()) {
            log.grpcStatus(GrpcStatusField.parse(head.value("grpc-status"))); // a trailers-only answer's
        }
        start(head, exchange.client().draining());
    }

    /** Tells a client that expects it to send the body; false when that flush found the client gone (it ended). */
    boolean sendContinue() {
        client.writeAndFlush(ByteBufUtil.writeAscii(client.alloc(), CONTINUE), client.voidPromise());
        return !exchange.timeline().ended();
    }

    /** True once an interim head came: the upstream has answered, so a close after it was no race. */
    boolean heardInterim() {
        return interim;
    }

    /** Sends the final head on, shaped for the client; {@code clientDraining} closes the client after it. */
    private void start(ResponseHead head, boolean clientDraining) {
        upstreamReusable = head.keepAlive();
        keepAliveHintNanos = KeepAliveHint.nanos(head);
        RequestFacts request = exchange.request();
        boolean bodyExpected = !request.headMethod() && status != 204 && status != 304;
        ClientResponseHead.Framing framing = ClientResponseHead.Framing.of(head, bodyExpected, request.http10(),
                request.keepAlive() && !clientDraining, request.grpc());
        chunkForClient = framing.chunkBody();
        closeClientAfter = framing.closesClient();
        client.write(clientHead(head, ClientResponseHead.Kind.FINAL, framing), client.voidPromise());
    }

    private ByteBuf clientHead(ResponseHead head, ClientResponseHead.Kind kind, ClientResponseHead.Framing framing) {
        ByteBuf out = client.alloc().buffer(head.length() + 128);
        ClientResponseHead.write(head, kind, framing, requestIdHeader(), exchange.request().requestId(), out);
        return out;
    }

    private String requestIdHeader() {
        return exchange.runtime().config().requestId().header();
    }

    /** A piece of the body, owned from here; {@code connection} is read again when the client drains. */
    void body(ByteBuf piece, long pieceBodyBytes, UpstreamConnection connection) {
        if (!relaying()) {
            piece.release();
            return;
        }
        ExchangeDeadlines deadlines = exchange.deadlines();
        deadlines.responseRead();
        bodyBytes += pieceBodyBytes;
        RouteConfig route = exchange.route();
        long maxBody = route.limits().maxResponseBodyBytes();
        if (maxBody > 0 && bodyBytes > maxBody) {
            piece.release();
            exchange.fail(ResponseFailures.bodyTooLarge("response body grew past", route));
            return;
        }
        exchange.record().log().addBytesOut(pieceBodyBytes);
        if (chunkForClient) {
            ChunkedWrites.chunk(client, piece);
        } else {
            client.write(piece, client.voidPromise());
        }
        if (exchange.timeline().ended()) {
            // A write to a client that is already gone fails at once and ends the exchange.
            return;
        }
        if (!client.isWritable()) {
            // Pause before flushing: the flush may drain at once and fire the resume synchronously.
            connection.channel().config().setAutoRead(false);
            deadlines.readPaused();
            client.flush();
        }
    }

    /** The response has ended: the last of it goes out now, with the upstream's {@code trailers} (may be null). */
    void end(String trailers) {
        if (!relaying()) {
            return;
        }
        if (chunkForClient) {
            ChunkedWrites.lastChunk(client, trailers);
        }
        Integer grpcStatus = exchange.request().grpc() ? GrpcStatusField.inTrailers(trailers) : null;
        if (grpcStatus != null) {
            exchange.record().log().grpcStatus(grpcStatus);
        }
        client.flush();
        exchange.complete();
    }

    private boolean relaying() {
        return exchange.timeline().state() == ExchangeState.RELAYING;
    }

    /** The client can take more: read the upstream again. */
    void clientWritable(Channel upstream) {
        exchange.deadlines().readResumed();
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

    /** True when the proxy frames the body itself: a last chunk with trailers can still end it. */
    boolean chunksForClient() {
        return chunkForClient;
    }

    /** True when the client connection must close after this response (not delimited, or not kept alive). */
    boolean closesClient() {
        return closeClientAfter;
    }
}
