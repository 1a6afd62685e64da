package dev.telltale.upstream;

import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.ExchangeFailureException;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.http2.Http2Connections;
import dev.telltale.http2.UpstreamRequestFrames;
import dev.telltale.http2.UpstreamResponseBytes;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.PromiseCombiner;

/**
 * One multiplexed HTTP/2 connection to a target, on one event loop: each exchange gets a stream of
 * its own, laid out as an HTTP/1.1 connection is, as an {@link UpstreamConnection} that closes when
 * its exchange lets go. While the connection is being made, streams wait for it. It takes no new
 * stream once the upstream said GOAWAY, or when the streams the upstream allows are all open.
 */
final class Http2Session {

    /** Streams queued on a connection still being made, before the upstream says how many it allows. */
    private static final int STREAMS_WHILE_CONNECTING = 100;

    private final EventLoop loop;
    private final Target target;
    private final Promise<Void> ready;
    private Channel channel;
    private Http2FrameCodec codec;
    private Long tlsMillis;
    private int openStreams;
    /** The upstream's first SETTINGS came: it has said how many streams it allows. */
    private boolean settled;

    Http2Session(EventLoop loop, Target target) {
        this.loop = loop;
        this.target = target;
        this.ready = loop.newPromise();
    }

    /**
     * The connection is up, with {@code tlsMillis} for its handshake (null without TLS). Queued streams
     * open once the upstream's SETTINGS came, which say how many it allows: streams opened before
     * could be more than that, which an upstream may answer by closing the connection.
     */
    void connected(Channel connected, Long handshakeMillis) {
        tlsMillis = handshakeMillis;
        channel = connected;
        codec = Http2Connections.install(connected, () -> {
            settled = true;
            ready.trySuccess(null);
        });
        connected.closeFuture().addListener(closed -> ready.tryFailure(new ExchangeFailureException(
                ExchangeFailure.beforeSending(Failure.HTTP_PROTOCOL_ERROR, Phase.CONNECT, "upstream " + target
                        + " closed the connection before its HTTP/2 SETTINGS: it may not speak HTTP/2"
                        + " (its protocol is set to " + target.protocol().yamlName() + ")"))));
    }

    /** The connection could not be made: every stream waiting for it fails with {@code cause}. */
    void failed(Throwable cause) {
        ready.tryFailure(cause);
    }

    /** Whether a new stream may go on this connection, now or once it is made. */
    boolean takesStreams() {
        if (ready.cause() != null || channel != null && !channel.isActive()) {
            return false; // it could not be made, or it has closed
        }
        if (!settled) {
            return openStreams < STREAMS_WHILE_CONNECTING;
        }
        return !Http2Connections.goingAway(channel) && !codec.connection().goAwaySent()
                && openStreams < codec.connection().local().maxActiveStreams();
    }

    /** A stream for one exchange, as a connection that serves it alone. */
    Future<UpstreamConnection> stream(int maxResponseHeaderBytes) {
        openStreams++;
        Promise<UpstreamConnection> result = loop.newPromise();
        if (settled) {
            open(result, maxResponseHeaderBytes);
        } else {
            ready.addListener(done -> {
                if (done.isSuccess()) {
                    open(result, maxResponseHeaderBytes);
                } else {
                    openStreams--;
                    result.tryFailure(done.cause());
                }
            });
        }
        return result;
    }

    private void open(Promise<UpstreamConnection> result, int maxResponseHeaderBytes) {
        UpstreamHandler handler = new UpstreamHandler(maxResponseHeaderBytes);
        boolean tls = target.tls() != null;
        Http2Connections.openStream(channel, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel stream) {
                stream.pipeline()
                        .addLast("h2-request", new UpstreamRequestFrames(tls))
                        .addLast("h2-response", new UpstreamResponseBytes())
                        .addLast("upstream", handler);
            }
        }).addListener((Future<Http2StreamChannel> opened) -> {
            if (!opened.isSuccess()) {
                openStreams--;
                result.tryFailure(opened.cause());
                return;
            }
            Http2StreamChannel stream = opened.getNow();
            stream.closeFuture().addListener(closed -> openStreams--);
            // The handshake's time goes to the first exchange on the connection, as for HTTP/1.1.
            Long handshake = tlsMillis;
            tlsMillis = null;
            result.setSuccess(new UpstreamConnection(stream, target, handler, null, handshake));
        });
    }

    /**
     * Closes the connection if it carries no stream: the codec says GOAWAY first, so the upstream
     * knows the close was meant; {@code closes} hears when it has closed.
     */
    void closeIfIdle(PromiseCombiner closes) {
        if (openStreams == 0 && channel != null) {
            closes.add(channel.close());
        }
    }

    /** Closes the connection: its streams end with it. */
    void close() {
        if (channel != null) {
            channel.close();
        }
    }
}
