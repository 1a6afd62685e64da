package dev.telltale.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;

import java.nio.charset.StandardCharsets;

/**
 * Writes a body chunked (RFC 9112 §7.1) where the proxy frames it itself: a response without a
 * length to an HTTP/1.1 client, a chunked request body to the upstream (framed anew, without
 * the client's chunk extensions). The data is not copied.
 */
final class ChunkedWrites {

    static final ByteBuf CRLF = constant("\r\n");
    private static final ByteBuf LAST_CHUNK = constant("0\r\n\r\n");
    private static final ByteBuf LAST_CHUNK_LINE = constant("0\r\n");

    private ChunkedWrites() {
    }

    /** Writes {@code data} (owned from here, readable) as one chunk. */
    static void chunk(Channel out, ByteBuf data) {
        ByteBuf size = out.alloc().buffer(18);
        ByteBufUtil.writeAscii(size, Integer.toHexString(data.readableBytes()));
        out.write(size.writeBytes(CRLF, CRLF.readerIndex(), 2), out.voidPromise());
        out.write(data, out.voidPromise());
        out.write(CRLF.duplicate(), out.voidPromise());
    }

    /** Writes the last chunk, with no trailers. */
    static void lastChunk(Channel out) {
        out.write(LAST_CHUNK.duplicate(), out.voidPromise());
    }

    /**
     * Writes the last chunk with {@code trailers}, a trailer section as the chunk walk passed it
     * (field lines, each with its CRLF, and the blank line); none when null.
     */
    static void lastChunk(Channel out, String trailers) {
        if (trailers == null) {
            lastChunk(out);
            return;
        }
        ByteBuf last = out.alloc().buffer(3 + trailers.length());
        last.writeBytes(LAST_CHUNK_LINE, LAST_CHUNK_LINE.readerIndex(), LAST_CHUNK_LINE.readableBytes());
        ByteBufUtil.writeAscii(last, trailers);
        out.write(last, out.voidPromise());
    }

    /** Writes the last chunk's line alone: the trailer section follows it. */
    static void lastChunkLine(Channel out) {
        out.write(LAST_CHUNK_LINE.duplicate(), out.voidPromise());
    }

    private static ByteBuf constant(String text) {
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.US_ASCII)))
                .asReadOnly();
    }
}
