package dev.telltale.http2;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;


/**
 * Connections to HTTP/2 upstreams: the client stages on a connected channel, the streams opened on
 * it, and what the upstream said when it sent GOAWAY. Each stream is laid out as an HTTP/1.1
 * connection would be, behind {@link UpstreamRequestFrames} and {@link UpstreamResponseBytes}.
 */
public final class Http2Connections {

    /** The code of an error GOAWAY the upstream sent on this connection, if one came. */
    private static final AttributeKey<Long> ERROR_GOAWAY = AttributeKey.valueOf("telltale.http2.errorGoAway");
    /** Set as the upstream's GOAWAY arrives, before the streams it leaves unprocessed are told. */
    private static final AttributeKey<Boolean> GOING_AWAY = AttributeKey.valueOf("telltale.http2.goingAway");
    /** Every upstream response head is judged by the route's own limit after translation; this only bounds HPACK. */
    private static final long MAX_HEADER_LIST_BYTES = 1 << 20;

    private Http2Connections() {
    }

    /**
     * Makes {@code channel} an HTTP/2 client connection; {@code settled} runs when the upstream's
     * first SETTINGS came, from when the codec says how many streams it allows. A GOAWAY from the
     * upstream shows in {@link #goingAway}. Returns the codec.
     */
    public static Http2FrameCodec install(Channel channel, Runnable settled) {
        Http2FrameCodec codec = FrameCodecs.client()
                .initialSettings(new Http2Settings().pushEnabled(false).maxHeaderListSize(MAX_HEADER_LIST_BYTES))
                .validateHeaders(true)
                // Streams opened before the upstream's SETTINGS said how many it allows wait for room
                // rather than fail: the codec queues them until a stream closes.
                .encoderEnforceMaxConcurrentStreams(true)
                .build();
        channel.pipeline()
                .addLast("h2-codec", codec)
                .addLast("h2-streams", new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()))
                .addLast("h2-connection", new ConnectionEvents(settled));
        return codec;
    }

    /** A new stream on {@code connection}, its stages laid out by {@code stages}; completes on its event loop. */
    public static Future<Http2StreamChannel> openStream(Channel connection, ChannelHandler stages) {
        // A stream channel's config would start with Netty's default allocator, not its connection's.
        return new Http2StreamChannelBootstrap(connection).option(ChannelOption.ALLOCATOR, connection.alloc())
                .handler(stages).open();
    }

    /**
     * True once the upstream sent GOAWAY on {@code connection}: no new stream may go on it. Known as
     * soon as the frame is read: the streams it leaves unprocessed hear of it, and retry, before the
     * codec's own state says so.
     */
    public static boolean goingAway(Channel connection) {
        return connection.hasAttr(GOING_AWAY);
    }

    static void markGoingAway(Channel connection) {
        connection.attr(GOING_AWAY).set(Boolean.TRUE);
    }

    /** The code of the error GOAWAY the upstream sent on {@code connection}, or null (none, or NO_ERROR). */
    static Long errorGoAway(Channel connection) {
        return connection == null ? null : connection.attr(ERROR_GOAWAY).get();
    }

    /** The connection's own frames, after the streams have been handed theirs. */
    private static final class ConnectionEvents extends ChannelInboundHandlerAdapter {

        private Runnable settled;

        ConnectionEvents(Runnable settled) {
            this.settled = settled;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Http2SettingsFrame && settled != null) {
                Runnable first = settled;
                settled = null;
                first.run();
            } else if (msg instanceof Http2GoAwayFrame goAway) {
                markGoingAway(ctx.channel());
                if (goAway.errorCode() != Http2Error.NO_ERROR.code()) {
                    ctx.channel().attr(ERROR_GOAWAY).set(goAway.errorCode());
                }
            }
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) == null) {
                ctx.close(); // a socket error; a protocol error the codec answers itself, with GOAWAY
            }
        }
    }
}
