package dev.telltale.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;

/**
 * The last stage of an upstream connection: hands what the upstream sends to the exchange the
 * connection currently serves. While the connection idles in its pool there is no sink, and
 * anything the upstream sends then is unsolicited: the connection can no longer be trusted.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {

    private ResponseSink sink;

    void sink(ResponseSink sink) {
        this.sink = sink;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ResponseSink current = sink;
        if (current == null) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        try {
            if (msg instanceof HttpResponse head) {
                current.onResponseHead(head);
            }
            if (msg instanceof HttpContent content) {
                current.onResponseContent(content);
            } else if (!(msg instanceof HttpResponse)) {
                ReferenceCountUtil.release(msg);
            }
        } catch (RuntimeException bug) {
            sink = null;
            current.onInternalError(bug);
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (sink != null) {
            sink.onUpstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (sink != null) {
            sink.onUpstreamWritabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ResponseSink current = sink;
        sink = null;
        if (current != null) {
            current.onUpstreamClosed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ResponseSink current = sink;
        sink = null;
        if (current != null) {
            current.onUpstreamError(cause);
        }
        ctx.close();
    }
}
