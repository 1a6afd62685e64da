package dev.telltale.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.Arrays;

/**
 * Sits in front of the TLS handler and keeps a copy of the first bytes the upstream sends, so a
 * failed handshake can say what came back instead of TLS ("HTTP/1.1 400 ...", or nothing at all).
 * Passes everything on untouched; the connect attempt removes it once the handshake is over.
 */
final class FirstBytesHandler extends ChannelInboundHandlerAdapter {

    private static final int KEEP = 32;

    private byte[] first = new byte[0];

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (first.length < KEEP && msg instanceof ByteBuf bytes && bytes.isReadable()) {
            int take = Math.min(KEEP - first.length, bytes.readableBytes());
            byte[] joined = Arrays.copyOf(first, first.length + take);
            bytes.getBytes(bytes.readerIndex(), joined, first.length, take);
            first = joined;
        }
        ctx.fireChannelRead(msg);
    }

    /** Up to the first 32 bytes received; empty when the upstream sent nothing. */
    byte[] firstBytes() {
        return first.clone();
    }
}
