package dev.telltale.http2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * One stream's incoming message passed on as HTTP/1.1 bytes, a client's request or an upstream's
 * response alike: the first HEADERS frame is the head (each side writes its own), DATA frames the
 * body and a later HEADERS frame the trailers ({@link Http1Body}), and a reset goes on as the
 * failure the side names it.
 */
abstract class Http1Message extends ChannelInboundHandlerAdapter {

    final Http1Body body = new Http1Body();

    /** The head: written as HTTP/1.1 bytes and passed on, with {@code body.start} said. */
    abstract void head(ChannelHandlerContext ctx, Http2Headers headers, boolean endStream);

    /** What the peer's RST_STREAM with {@code code} means on this side. */
    abstract Throwable reset(long code);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2HeadersFrame frame) {
            if (body.started()) {
                body.trailers(ctx, frame.headers());
            } else {
                head(ctx, frame.headers(), frame.isEndStream());
            }
        } else if (msg instanceof Http2DataFrame frame) {
            body.data(ctx, frame);
        } else if (msg instanceof Http2ResetFrame reset) {
            ctx.fireExceptionCaught(reset(reset.errorCode()));
        } else {
            ReferenceCountUtil.release(msg);
        }
    }
}
