package dev.telltale.http2;

import dev.telltale.http1.ChunkWalk;
import dev.telltale.http1.FieldNameSet;
import dev.telltale.http1.HeadScan;
import dev.telltale.http1.RequestHead;
import dev.telltale.http1.RequestHeadCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound half of a stream to an HTTP/2 upstream: the exchange writes its request as it writes
 * to an HTTP/1.1 upstream, in bytes, and this stage reads them into frames: the head into HEADERS
 * ({@code :authority} from Host, without the fields that describe an HTTP/1.1 connection, and with
 * {@code te: trailers} for gRPC, which asks for it), the body into DATA frames, de-chunked, the
 * last carrying END_STREAM.
 */
public final class UpstreamRequestFrames extends StreamFramesOut {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamRequestFrames.class);
    private static final AsciiString TE = AsciiString.cached("te");
    private static final FieldNameSet HOST_AND_TE = new FieldNameSet("host", "te");
    private static final AsciiString TRAILERS = AsciiString.cached("trailers");

    private enum State { HEAD, LENGTH, CHUNKED, ENDED }

    private final AsciiString scheme;
    private State state = State.HEAD;
    private ByteBuf partial;
    private long remaining;
    private ChunkWalk chunks;

    /** {@code tls}: the upstream is reached over TLS ({@code :scheme https}). */
    public UpstreamRequestFrames(boolean tls) {
        this.scheme = AsciiString.cached(tls ? "https" : "http");
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.write(msg, promise);
            return;
        }
        ByteBuf buf = bytes;
        if (partial != null) {
            buf = ctx.alloc().compositeBuffer().addComponents(true, partial, bytes);
            partial = null;
        }
        FrameWrites out = new FrameWrites(ctx, promise);
        try {
            translate(buf, out);
        } finally {
            if (buf.isReadable() && state != State.ENDED) {
                partial = buf;
            } else {
                buf.release();
            }
            out.done();
        }
    }

    private void translate(ByteBuf buf, FrameWrites out) {
        while (buf.isReadable()) {
            switch (state) {
                case HEAD -> {
                    if (!head(buf, out)) {
                        return;
                    }
                }
                case LENGTH -> {
                    int n = (int) Math.min(remaining, buf.readableBytes());
                    remaining -= n;
                    boolean last = remaining == 0;
                    out.add(new DefaultHttp2DataFrame(buf.readRetainedSlice(n), last));
                    state = last ? State.ENDED : State.LENGTH;
                }
                case CHUNKED -> {
                    if (!chunk(buf, out)) {
                        return;
                    }
                }
                case ENDED -> {
                    return; // bytes after the request's end: none of the upstream's
                }
            }
        }
    }

    /** Reads the head if it is all here; false to wait for more. */
    private boolean head(ByteBuf buf, FrameWrites out) {
        int from = buf.readerIndex();
        int end = HeadScan.headEnd(buf, from, buf.writerIndex());
        if (end < 0) {
            return false;
        }
        byte[] bytes = ByteBufUtil.getBytes(buf, from, end - from);
        buf.readerIndex(end);
        RequestHead head = RequestHeadCheck.check(bytes, bytes.length);
        if (!head.isOk()) {
            LOG.error("bug: the proxy's request for an HTTP/2 upstream could not be read: {}", head.verdict().detail());
            state = State.ENDED;
            out.add(new DefaultHttp2ResetFrame(Http2Error.INTERNAL_ERROR));
            return false;
        }
        boolean body = head.chunked() || head.contentLength() > 0;
        out.add(new DefaultHttp2HeadersFrame(headers(head), !body));
        if (head.chunked()) {
            chunks = new ChunkWalk("request", 64 * 1024);
            state = State.CHUNKED;
        } else if (body) {
            remaining = head.contentLength();
            state = State.LENGTH;
        } else {
            state = State.ENDED;
        }
        return true;
    }

    /** Passes on the data of the chunks here; false to wait for more. */
    private boolean chunk(ByteBuf buf, FrameWrites out) {
        int from = buf.readerIndex();
        long before = chunks.dataBytes();
        int stop = chunks.walkToData(buf, from, buf.writerIndex());
        buf.readerIndex(stop);
        int data = (int) (chunks.dataBytes() - before);
        if (data > 0) {
            out.add(new DefaultHttp2DataFrame(buf.retainedSlice(stop - data, data), false));
        }
        if (chunks.done()) {
            // Request trailers are rare and have no use here: the end of the body is what matters.
            state = State.ENDED;
            out.add(new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true));
            return false;
        }
        return stop > from;
    }

    private Http2Headers headers(RequestHead head) {
        Http2Headers headers = new DefaultHttp2Headers(false, head.fieldCount() + 4);
        headers.method(AsciiString.of(head.methodName())).scheme(scheme).path(AsciiString.of(head.uri()));
        String host = head.host();
        if (host != null) {
            headers.authority(AsciiString.of(host));
        }
        // Host is :authority now; TE is the connection's (gRPC's "trailers" is set anew below).
        Http2Fields.copy(head, headers, HOST_AND_TE);
        CharSequence type = headers.get("content-type");
        if (type != null && AsciiString.regionMatches(type, true, 0, "application/grpc", 0, 16)) {
            headers.set(TE, TRAILERS); // gRPC servers look for it: it says the proxy passes trailers on
        }
        return headers;
    }



    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }
}
