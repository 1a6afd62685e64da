package dev.telltale.http2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A message's body, from DATA frames to the bytes of HTTP/1.1, the same way for a client's request
 * and an upstream's response: as it came when its head declared a length, else chunked, one chunk
 * a frame, ended by the last chunk with the trailers as its fields. Also the one writer of a field
 * line from HTTP/2's fields.
 */
final class Http1Body {

    private static final byte[] CRLF = {'\r', '\n'};

    private boolean started;
    private boolean chunked;
    private boolean ended;

    /** The head went on: the body follows, chunked or not; {@code endStream}: there is none. */
    void start(boolean chunkedBody, boolean endStream) {
        started = true;
        chunked = chunkedBody;
        ended = endStream;
    }

    boolean started() {
        return started;
    }

    boolean ended() {
        return ended;
    }

    /** No more of the message is passed on (a refused head, say). */
    void end() {
        started = true;
        ended = true;
    }

    /** A DATA frame, owned from here, passed on as body bytes; dropped outside the body. */
    void data(ChannelHandlerContext ctx, Http2DataFrame frame) {
        if (!started || ended) {
            frame.release();
            return;
        }
        ByteBuf content = frame.content();
        ended = frame.isEndStream();
        if (!chunked) {
            ctx.fireChannelRead(content);
            return;
        }
        if (content.isReadable()) {
            ByteBuf line = ctx.alloc().buffer(10);
            ByteBufUtil.writeAscii(line, Integer.toHexString(content.readableBytes()));
            ctx.fireChannelRead(line.writeBytes(CRLF));
            ctx.fireChannelRead(content);
            ctx.fireChannelRead(ctx.alloc().buffer(2).writeBytes(CRLF));
        } else {
            content.release();
        }
        if (ended) {
            ctx.fireChannelRead(lastChunk(ctx, null));
        }
    }

    /** Trailers end the body: the last chunk carries them; a body with a length has no place for them. */
    void trailers(ChannelHandlerContext ctx, Http2Headers trailers) {
        if (!started || ended) {
            return;
        }
        ended = true;
        if (chunked) {
            ctx.fireChannelRead(lastChunk(ctx, trailers));
        }
    }

    private static ByteBuf lastChunk(ChannelHandlerContext ctx, Http2Headers trailers) {
        ByteBuf out = ctx.alloc().buffer(64);
        out.writeByte('0').writeBytes(CRLF);
        if (trailers != null) {
            fields(out, trailers);
        }
        return out.writeBytes(CRLF);
    }

    /** The regular fields as HTTP/1.1 lines, pseudo-headers left out, and any that cannot be one line. */
    static void fields(ByteBuf out, Http2Headers headers) {
        for (Map.Entry<CharSequence, CharSequence> field : headers) {
            CharSequence name = field.getKey();
            if (name.length() > 0 && name.charAt(0) != ':' && Http1Request.safeField(name, field.getValue())) {
                line(out, name, field.getValue());
            }
        }
    }

    /** One field line: {@code name: value} and CR LF; the value's octets as they are. */
    static void line(ByteBuf out, CharSequence name, CharSequence value) {
        out.writeCharSequence(name, StandardCharsets.US_ASCII);
        out.writeByte(':').writeByte(' ');
        out.writeCharSequence(value, StandardCharsets.ISO_8859_1);
        out.writeBytes(CRLF);
    }
}
