package dev.telltale.http2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;

import java.util.List;
import java.util.function.Consumer;

/**
 * h2c with prior knowledge on a plain listener: a connection that opens with HTTP/2's preface
 * ({@code PRI * HTTP/2.0...}) gets HTTP/2's stages ({@code toHttp2}); any other first bytes are
 * HTTP/1.1, whose stages are already in place. Either way this stage leaves, passing on what it read.
 */
public final class PriorKnowledge extends ByteToMessageDecoder {

    private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

    private final Consumer<ChannelHandlerContext> toHttp2;

    public PriorKnowledge(Consumer<ChannelHandlerContext> toHttp2) {
        this.toHttp2 = toHttp2;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int n = Math.min(in.readableBytes(), PREFACE.readableBytes());
        if (!ByteBufUtil.equals(PREFACE, PREFACE.readerIndex(), in, in.readerIndex(), n)) {
            ctx.pipeline().remove(this);
        } else if (n == PREFACE.readableBytes()) {
            toHttp2.accept(ctx);
            ctx.pipeline().remove(this);
        }
    }
}
