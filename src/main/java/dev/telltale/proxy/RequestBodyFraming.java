package dev.telltale.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;

import java.util.Iterator;
import java.util.Map;

/**
 * Frames the pieces of a request body for the upstream, as bytes: with a length they go as they
 * are; a chunked body is chunked again (each piece a chunk, then the last chunk and any trailers).
 * The head before them is written as bytes too ({@link ForwardedHeaders}), so the upstream
 * connection needs no HTTP encoder.
 */
final class RequestBodyFraming {

    private static final ByteBuf CRLF = ChunkedWrites.CRLF;

    private RequestBodyFraming() {
    }

    /** Writes {@code content} (owned from here) to {@code upstream}, chunked or not. */
    static void write(Channel upstream, HttpContent content, boolean chunked) {
        ByteBuf data = content.content();
        if (!chunked) {
            upstream.write(data, upstream.voidPromise()); // the piece's one reference goes with it
            return;
        }
        if (data.isReadable()) {
            ChunkedWrites.chunk(upstream, data);
        } else {
            data.release();
        }
        if (content instanceof LastHttpContent last) {
            if (last.trailingHeaders().isEmpty()) {
                ChunkedWrites.lastChunk(upstream);
            } else {
                upstream.write(lastChunkWithTrailers(upstream, last), upstream.voidPromise());
            }
        }
    }

    private static ByteBuf lastChunkWithTrailers(Channel upstream, LastHttpContent last) {
        ByteBuf out = upstream.alloc().buffer(128);
        out.writeByte('0').writeBytes(CRLF, CRLF.readerIndex(), 2);
        Iterator<Map.Entry<CharSequence, CharSequence>> trailers = last.trailingHeaders().iteratorCharSequence();
        while (trailers.hasNext()) {
            Map.Entry<CharSequence, CharSequence> trailer = trailers.next();
            ForwardedHeaders.writeField(out, trailer.getKey(), trailer.getValue());
        }
        return out.writeBytes(CRLF, CRLF.readerIndex(), 2);
    }
}
