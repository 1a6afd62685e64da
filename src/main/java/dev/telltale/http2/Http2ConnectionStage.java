package dev.telltale.http2;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * An HTTP/2 client connection as a whole, after its streams are handed out: it widens the
 * connection's flow-control window to {@code listen.http2.connection_window_bytes}, closes the
 * connection when it has been idle for {@code listen.keepalive_timeout} with no stream open, and
 * on a graceful shutdown tells its open streams, sends GOAWAY and lets them finish. Closing goes through the
 * codec, which says GOAWAY first.
 */
final class Http2ConnectionStage extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(Http2ConnectionStage.class);
    private static final AttributeKey<Long> CLIENT_GOAWAY = AttributeKey.valueOf("telltale.http2.clientGoAway");

    private final Http2FrameCodec codec;
    private final int connectionWindowBytes;
    private final Object drainStarted;
    private final OpenStreams streams;

    Http2ConnectionStage(Http2FrameCodec codec, int connectionWindowBytes, Object drainStarted, OpenStreams streams) {
        this.codec = codec;
        this.connectionWindowBytes = connectionWindowBytes;
        this.drainStarted = drainStarted;
        this.streams = streams;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        int increment = connectionWindowBytes - Http2CodecUtil.DEFAULT_WINDOW_SIZE;
        if (increment > 0) {
            ctx.writeAndFlush(new DefaultHttp2WindowUpdateFrame(increment));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // Frames of the connection itself (SETTINGS, PING, GOAWAY): the codec has acted on them. A
        // client's GOAWAY is kept, so that the streams it leaves can say how the client went.
        if (msg instanceof Http2GoAwayFrame goAway) {
            ctx.channel().attr(CLIENT_GOAWAY).set(goAway.errorCode());
        }
        ReferenceCountUtil.release(msg);
    }

    /** The code of the GOAWAY the client sent on {@code connection}, or null when it sent none. */
    static Long clientGoAway(Channel connection) {
        return connection.attr(CLIENT_GOAWAY).get();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            if (codec.connection().numActiveStreams() == 0) {
                ctx.close();
            }
        } else if (event == drainStarted) {
            // Each stream hears it too: a request held on one is answered at once.
            streams.fire(event);
            ctx.close();
        } else {
            ReferenceCountUtil.release(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) != null) {
            return; // a protocol error: the codec answers it itself, with RST_STREAM or GOAWAY and its code
        }
        if (!(cause instanceof IOException)) {
            LOG.warn("closing HTTP/2 client connection after an unexpected error", cause);
        }
        ctx.close();
    }
}
