package dev.telltale.http2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.Http2StreamChannel;

/**
 * The outbound stage of a stream that writes frames: a stream's frames are in its connection's
 * outbound buffer as soon as they are written, and the connection is flushed once for every stream
 * that wrote in this turn of the event loop ({@link ConnectionFlush}).
 */
abstract class StreamFramesOut extends ChannelOutboundHandlerAdapter {

    @Override
    public void flush(ChannelHandlerContext ctx) {
        ConnectionFlush.request(((Http2StreamChannel) ctx.channel()).parent());
    }

    /** What the stream wrote goes out before it closes: a close would otherwise reset what is still queued. */
    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        ((Http2StreamChannel) ctx.channel()).parent().flush();
        ctx.close(promise);
    }
}
