package dev.telltale.http2;

import dev.telltale.http1.ResponseHead;
import dev.telltale.http1.ResponseReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.ReadOnlyHttp2Headers;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.FastThreadLocal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound half of one stream: the proxy answers a stream as it answers an HTTP/1.1
 * connection, in HTTP/1.1 bytes; this stage reads them back ({@link ResponseReader}, the same reader
 * the upstream side uses, de-chunking) and writes HTTP/2 frames. The head becomes a HEADERS frame
 * without the fields that describe an HTTP/1.1 connection; the body becomes DATA frames, the last
 * of them carrying END_STREAM. What the proxy made is never refused here; if it could not be read,
 * that is a bug, and the stream is reset.
 */
public final class StreamResponseFrames extends StreamFramesOut {

    private static final Logger LOG = LoggerFactory.getLogger(StreamResponseFrames.class);
    /** The proxy writes its heads whole; this only bounds a head it relays from an upstream. */
    private static final int MAX_HEAD_BYTES = 1 << 20;
    /** One head per event loop for all its streams: each stream's head becomes HEADERS in the step that read it. */
    private static final FastThreadLocal<ResponseHead> HEADS = new FastThreadLocal<>() {
        @Override
        protected ResponseHead initialValue() {
            return new ResponseHead();
        }
    };
    private final ResponseReader reader = new ResponseReader(MAX_HEAD_BYTES, HEADS.get());
    /** Bytes of an unfinished head or chunk line, kept until the next write completes them. */
    private ByteBuf partial;
    /** A final head read but not yet written: it carries END_STREAM when no body follows. */
    private Http2Headers heldHeaders;
    /** The last body piece read: it carries END_STREAM when the end follows at once. */
    private ByteBuf heldData;
    private boolean ended;

    /** A request began on this stream: the response to read next answers it ({@code headRequest}: no body). */
    public void expect(boolean headRequest) {
        reader.expect(headRequest, true);
    }

    /** True once the whole response went out: the stream is closed on our side. */
    public boolean ended() {
        return ended;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.write(msg, promise); // frames made elsewhere (a reset) go as they are
            return;
        }
        ByteBuf buf = bytes;
        if (partial != null) {
            buf = ctx.alloc().compositeBuffer().addComponents(true, partial, bytes);
            partial = null;
        }
        try {
            translate(ctx, buf, promise);
        } finally {
            if (buf.isReadable() && !ended) {
                partial = buf;
            } else {
                buf.release();
            }
        }
    }

    private void translate(ChannelHandlerContext ctx, ByteBuf buf, ChannelPromise promise) {
        FrameWrites out = new FrameWrites(ctx, promise);
        while (!ended) {
            ResponseReader.Step step = reader.next(buf);
            switch (step) {
                case HEAD -> head(out, reader.head());
                case BODY -> {
                    sendHeld(out);
                    heldData = reader.piece();
                }
                case END -> {
                    end(out);
                    out.done();
                    return;
                }
                case MORE -> {
                    // A part of the response whose end is not here yet: what was read goes now.
                    sendHeld(out);
                    out.done();
                    return;
                }
                default -> {
                    LOG.error("bug: the proxy's answer on an HTTP/2 stream could not be read ({}, {}); resetting it",
                            step, reader.verdict().detail());
                    releaseHeld();
                    ended = true;
                    out.add(new DefaultHttp2ResetFrame(Http2Error.INTERNAL_ERROR));
                    out.done();
                    return;
                }
            }
        }
        out.done(); // bytes after the end of the response are none of the client's
    }

    private void head(FrameWrites out, ResponseHead head) {
        Http2Headers headers = headers(head);
        if (head.status() < 200) {
            out.add(new DefaultHttp2HeadersFrame(headers, false));
        } else {
            heldHeaders = headers;
        }
    }

    private void sendHeld(FrameWrites out) {
        if (heldHeaders != null) {
            out.add(new DefaultHttp2HeadersFrame(heldHeaders, false));
            heldHeaders = null;
        }
        if (heldData != null) {
            out.add(new DefaultHttp2DataFrame(heldData, false));
            heldData = null;
        }
    }

    private void end(FrameWrites out) {
        ended = true;
        Http2Headers trailers = trailers(reader.trailerSection());
        if (trailers != null) {
            // gRPC's status comes this way: the body first, then the trailers end the stream.
            sendHeld(out);
            out.add(new DefaultHttp2HeadersFrame(trailers, true));
            return;
        }
        if (heldData != null) {
            if (heldHeaders != null) {
                out.add(new DefaultHttp2HeadersFrame(heldHeaders, false));
                heldHeaders = null;
            }
            out.add(new DefaultHttp2DataFrame(heldData, true));
            heldData = null;
        } else if (heldHeaders != null) {
            out.add(new DefaultHttp2HeadersFrame(heldHeaders, true));
            heldHeaders = null;
        } else {
            out.add(new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true));
        }
    }

    private void releaseHeld() {
        if (heldData != null) {
            heldData.release();
            heldData = null;
        }
        heldHeaders = null;
    }



    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseHeld();
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }

    /**
     * The head's fields as HTTP/2 headers: names in lower case, the connection's own fields left out.
     * Read-only headers, which keep the fields in one array: HPACK only reads them, and Netty's
     * general headers made an entry object per field (an eighth of the garbage per request).
     */
    static Http2Headers headers(ResponseHead head) {
        return ReadOnlyHttp2Headers.serverHeaders(false, HttpResponseStatus.valueOf(head.status()).codeAsText(),
                Http2Fields.pairs(head));
    }

    /** A chunked body's trailer section (field lines, checked by the chunk walk) as HTTP/2 trailers; null for none. */
    static Http2Headers trailers(String section) {
        if (section == null) {
            return null;
        }
        Http2Headers trailers = new DefaultHttp2Headers(false);
        for (String line : section.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                AsciiString name = new AsciiString(line.substring(0, colon).trim()).toLowerCase();
                if (!Http2Fields.connectionField(name)) {
                    trailers.add(name, new AsciiString(line.substring(colon + 1).trim()));
                }
            }
        }
        return trailers.isEmpty() ? null : trailers;
    }
}
