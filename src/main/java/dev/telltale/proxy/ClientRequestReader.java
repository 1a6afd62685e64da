package dev.telltale.proxy;

import dev.telltale.http1.ChunkWalk;
import dev.telltale.http1.DecoderLimits;
import dev.telltale.http1.FieldSyntax;
import dev.telltale.http1.HeadScan;
import dev.telltale.http1.RepeatedValues;
import dev.telltale.http1.RequestHead;
import dev.telltale.http1.RequestHeadCheck;
import dev.telltale.http1.Verdict;
import dev.telltale.http1.Violation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Reads requests off the client's bytes, once, and lets through only what every reader frames the
 * same way (RFC 9112): each head is judged whole and read into a {@link RequestHead} view by
 * {@link RequestHeadCheck}; a Content-Length body is counted; a chunked body's size lines, chunk
 * ends and trailers are walked ({@link ChunkWalk}). The body goes on as {@link RequestBodyPiece}s,
 * retained slices of what was read (chunk lines and all); only an unfinished head or line is held
 * until it completes. A refused head goes on as a head whose verdict says why (answered 400, 414 or
 * 431), a refused body as a refused piece (the exchange fails), and every later byte is dropped.
 */
final class ClientRequestReader extends ChannelInboundHandlerAdapter {

    private enum State { HEAD, BODY, CHUNKED, DROP }

    private final long maxHeaderBytes;
    /** The largest head held while it is unfinished: the request line's limit and the header limit. */
    private final int maxHeadBytes;
    /**
     * How many fields the connection's last head had: the next head's table is made that size.
     * A client sends much the same head each time, so the table is made once, to size, with no
     * pass over the bytes to count; one that is too small grows.
     */
    private int fieldsBefore = 8;
    /** The connection's last Host and User-Agent texts: a keep-alive client repeats them. */
    private final RepeatedValues repeated;
    private State state = State.HEAD;
    /** Bytes left in a Content-Length body. */
    private long remaining;
    /** The chunked body being walked. */
    private ChunkWalk chunks;
    private CompositeByteBuf held;
    /** Set by a step that stops at an unfinished element: the rest waits for more bytes. */
    private boolean unfinished;

    /** {@code maxHeaderBytes} is {@code listen.max_request_header_bytes}. */
    ClientRequestReader(long maxHeaderBytes) {
        this(maxHeaderBytes, new RepeatedValues());
    }

    /** For an HTTP/2 stream: {@code repeated} is its connection's, shared by all its streams. */
    ClientRequestReader(long maxHeaderBytes, RepeatedValues repeated) {
        this.repeated = repeated;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxHeadBytes = (int) Math.min(Integer.MAX_VALUE - DecoderLimits.MAX_START_LINE, maxHeaderBytes)
                + DecoderLimits.MAX_START_LINE;
    }

    /** True while the start of a request head is held, waiting for the rest of it. */
    boolean holdsPartOfAHead() {
        return state == State.HEAD && held != null && HeadScan.skipBlankLines(held, held.readerIndex(), held.writerIndex()) >= 0;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf incoming)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (state == State.DROP) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ByteBuf buf = incoming;
        if (held != null) {
            held.addComponent(true, incoming);
            buf = held;
            held = null;
        }
        try {
            walk(ctx, buf);
        } finally {
            buf.release();
        }
    }

    /** Moves through {@code buf}, passing on what is judged, holding an unfinished element. */
    private void walk(ChannelHandlerContext ctx, ByteBuf buf) {
        int at = buf.readerIndex();
        int end = buf.writerIndex();
        unfinished = false;
        while (at < end && state != State.DROP && !unfinished) {
            at = switch (state) {
                case BODY -> body(ctx, buf, at, end);
                case CHUNKED -> chunked(ctx, buf, at, end);
                default -> head(ctx, buf, at, end);
            };
        }
        if (state != State.DROP && at < end) {
            held = ctx.alloc().compositeBuffer();
            held.addComponent(true, buf.retainedSlice(at, end - at));
        }
    }

    /** Reads the head that starts at {@code at}: returns where it ends, or {@code at} when it is unfinished. */
    private int head(ChannelHandlerContext ctx, ByteBuf buf, int at, int end) {
        int blank = HeadScan.skipBlankLines(buf, at, end);
        int headEnd = blank < 0 ? -1 : HeadScan.headEnd(buf, blank, end);
        if (headEnd < 0) {
            if (blank >= 0 && end - blank > maxHeadBytes) {
                refuseHead(ctx, RequestHead.refused(HeadScan.oversized(buf, blank, end, maxHeadBytes)));
            }
            unfinished = true;
            return at;
        }
        int length = headEnd - blank;
        byte[] bytes = new byte[length]; // the head's own: its view keeps it while the request lasts
        buf.getBytes(blank, bytes);
        RequestHead head = RequestHeadCheck.check(bytes, length, fieldsBefore, repeated);
        fieldsBefore = Math.max(1, head.fieldCount());
        Verdict size = head.isOk() ? sizeOf(bytes, length) : null;
        if (size != null) {
            head.refuse(size);
        }
        if (!head.isOk()) {
            refuseHead(ctx, head);
            return at;
        }
        if (head.chunked()) {
            if (headEnd < end && !bodyStartIsGood(buf, headEnd, end)) {
                // What came of the body with its head is broken: the request is refused whole, so the
                // upstream sees none of it (as when a peer reads it whole).
                head.refuse(Verdict.refused(Violation.MALFORMED_BODY, "request body is malformed: " + chunks.problem()));
                refuseHead(ctx, head);
                return at;
            }
            state = State.CHUNKED;
            chunks = new ChunkWalk("request", maxHeadBytes);
            ctx.fireChannelRead(head);
        } else if (head.contentLength() > 0) {
            state = State.BODY;
            remaining = head.contentLength();
            ctx.fireChannelRead(head);
        } else {
            ctx.fireChannelRead(head);
            ctx.fireChannelRead(RequestBodyPiece.EMPTY_LAST);
        }
        return headEnd;
    }

    /** The limits Netty's decoder held to: the request line's length, then the header section's. */
    private Verdict sizeOf(byte[] head, int length) {
        int lineEnd = FieldSyntax.crlf(head, 0, length);
        if (lineEnd > DecoderLimits.MAX_START_LINE) {
            return Verdict.refused(Violation.START_LINE_TOO_LONG,
                    "request line longer than " + DecoderLimits.MAX_START_LINE + " bytes");
        }
        return length - lineEnd - 4 > maxHeaderBytes
                ? Verdict.refused(Violation.HEAD_TOO_LARGE, "request head larger than " + maxHeadBytes + " bytes")
                : null;
    }

    /** Walks the chunked body's first bytes, which came with the head, before the head goes on. */
    private boolean bodyStartIsGood(ByteBuf buf, int from, int end) {
        chunks = new ChunkWalk("request", maxHeadBytes);
        chunks.walk(buf, from, end);
        return chunks.problem() == null;
    }

    private int body(ChannelHandlerContext ctx, ByteBuf buf, int at, int end) {
        int n = (int) Math.min(remaining, end - at);
        remaining -= n;
        boolean last = remaining == 0;
        if (last) {
            state = State.HEAD;
        }
        ctx.fireChannelRead(new RequestBodyPiece(buf.retainedSlice(at, n), RequestBodyPiece.Kind.AS_IS, last));
        return at + n;
    }

    /**
     * Walks the chunked body up to the end of its next run of data, or through its lines: the data
     * goes on to be chunked anew, the trailer section as it came; a chunk line, with any
     * extension, goes no further. Returns where the walk stopped.
     */
    private int chunked(ChannelHandlerContext ctx, ByteBuf buf, int at, int end) {
        long dataBefore = chunks.dataBytes();
        boolean trailersBefore = chunks.inTrailers();
        int stop = chunks.walkToData(buf, at, end);
        if (chunks.problem() != null) {
            state = State.DROP;
            ctx.fireChannelRead(RequestBodyPiece.refused(chunks.problem()));
            return stop;
        }
        int data = (int) (chunks.dataBytes() - dataBefore);
        boolean done = chunks.done();
        if (data > 0) {
            ctx.fireChannelRead(new RequestBodyPiece(buf.retainedSlice(stop - data, data), RequestBodyPiece.Kind.CHUNK,
                    false));
        } else if (chunks.inTrailers()) {
            int from = trailersBefore ? at : chunks.trailerStart();
            if (stop > from || !trailersBefore) {
                ctx.fireChannelRead(new RequestBodyPiece(buf.retainedSlice(from, stop - from),
                        trailersBefore ? RequestBodyPiece.Kind.MORE_TRAILERS : RequestBodyPiece.Kind.TRAILERS, done));
            }
        }
        if (done) {
            state = State.HEAD;
            chunks = null;
            return stop;
        }
        unfinished = data == 0 && stop < end; // an unfinished line is held from stop
        return stop;
    }

    private void refuseHead(ChannelHandlerContext ctx, RequestHead head) {
        state = State.DROP;
        ctx.fireChannelRead(head);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // A tunnel takes over: what was held is the tunnel's first bytes.
        if (held != null && ctx.channel().isActive()) {
            ByteBuf rest = held;
            held = null;
            ctx.fireChannelRead(rest);
        }
        release();
    }

    private void release() {
        if (held != null) {
            held.release();
            held = null;
        }
    }
}
