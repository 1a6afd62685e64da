package dev.telltale.proxy;

import dev.telltale.http1.ChunkWalk;
import dev.telltale.http1.DecoderLimits;
import dev.telltale.http1.HeadScan;
import dev.telltale.http1.RequestHead;
import dev.telltale.http1.RequestHeadCheck;
import dev.telltale.http1.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

/**
 * Walks the raw bytes from the client before Netty's lenient decoder, and lets through only
 * requests that every reader frames the same way (RFC 9112): each head is judged whole by
 * {@link RequestHeadCheck}, a Content-Length body is counted, a chunked body's size lines,
 * chunk ends and trailers are checked ({@link ChunkWalk}). Bytes pass on unchanged and in place; only an unfinished
 * head or line is held until it completes. What it refuses never reaches the decoder: a head
 * becomes a request whose decoder result is the failure (answered 400, like a malformed one),
 * a body ends with a failed last content (the exchange fails), and every later byte is dropped.
 */
final class StrictRequestFraming extends ChannelInboundHandlerAdapter {

    private enum State { HEAD, BODY, CHUNKED, DROP }

    private final int maxHeadBytes;
    private State state = State.HEAD;
    /** Bytes left in a Content-Length body. */
    private long remaining;
    /** The chunked body being walked. */
    private ChunkWalk chunks;
    private CompositeByteBuf held;

    /** {@code maxHeaderBytes} is {@code listen.max_request_header_bytes}. */
    StrictRequestFraming(long maxHeaderBytes) {
        this.maxHeadBytes = (int) Math.min(Integer.MAX_VALUE - DecoderLimits.MAX_START_LINE, maxHeaderBytes)
                + DecoderLimits.MAX_START_LINE;
    }

    /** Why a request was refused; its message is the detail of the log line. */
    static final class Refused extends RuntimeException {
        Refused(String why) {
            super(why, null, false, false);
        }
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
        walk(ctx, buf);
    }

    /** Moves through {@code buf} (owned), forwarding what is judged, holding an unfinished element. */
    private void walk(ChannelHandlerContext ctx, ByteBuf buf) {
        int judged = buf.readerIndex();
        int at = judged;
        int end = buf.writerIndex();
        String refusal = null;
        boolean inHead = false;
        // A head accepted in this read whose body is still being walked: nothing of it has gone on yet.
        int unsentHeadAt = -1;
        RequestHead unsentHead = null;
        while (at < end && refusal == null) {
            int next;
            switch (state) {
                case BODY -> {
                    int n = (int) Math.min(remaining, end - at);
                    remaining -= n;
                    next = at + n;
                    if (remaining == 0) {
                        state = State.HEAD;
                    }
                }
                case CHUNKED -> {
                    int stop = chunks.walk(buf, at, end);
                    refusal = chunks.verdict().detail();
                    if (refusal != null || !chunks.done() && stop < end) {
                        at = stop; // what comes from here is refused, or an unfinished line to hold
                        next = -1;
                    } else {
                        next = stop;
                        if (chunks.done()) {
                            state = State.HEAD;
                            chunks = null;
                        }
                    }
                }
                default -> { // HEAD
                    unsentHead = null;
                    int blank = HeadScan.skipBlankLines(buf, at, end);
                    int headEnd = blank < 0 ? -1 : HeadScan.headEnd(buf, blank, end);
                    if (blank < 0 || headEnd < 0) {
                        next = -1;
                        if (blank >= 0 && end - blank > maxHeadBytes) {
                            Verdict oversized = HeadScan.oversized(buf, blank, end, maxHeadBytes);
                            refusal = oversized.detail();
                            inHead = true;
                            forward(ctx, buf, judged, at);
                            judged = at;
                            ctx.fireChannelRead(refusedHead("-", "-", causeOf(oversized)));
                        }
                    } else {
                        RequestHead head = RequestHeadCheck.check(HeadScan.scratchCopy(buf, blank, headEnd),
                                headEnd - blank);
                        if (!head.verdict().isOk()) {
                            refusal = head.verdict().detail();
                            inHead = true;
                            HttpRequest refused = refusedHead(head.method(), head.target(), causeOf(head.verdict()));
                            forward(ctx, buf, judged, at);
                            judged = at;
                            ctx.fireChannelRead(refused);
                        } else {
                            startBody(head.verdict());
                            if (state != State.HEAD) {
                                unsentHeadAt = at;
                                unsentHead = head;
                            }
                        }
                        next = headEnd;
                    }
                }
            }
            if (next < 0 || refusal != null) {
                break; // an unfinished element waits for more bytes; a refused one never passes
            }
            at = next;
        }
        if (refusal != null) {
            if (!inHead && unsentHead != null) {
                // The body's head came in this same read and has not gone on: refuse the whole
                // request, so the upstream sees none of it (as when a peer reads it whole).
                // Its line is read before anything goes on: it lies in the thread's scratch array.
                HttpRequest refused = refusedHead(unsentHead.method(), unsentHead.target(),
                        new Refused("request body is malformed: " + refusal));
                forward(ctx, buf, judged, unsentHeadAt);
                ctx.fireChannelRead(refused);
            } else if (!inHead) {
                forward(ctx, buf, judged, at);
                ctx.fireChannelRead(refusedBody(refusal));
            }
            state = State.DROP;
            buf.release();
            return;
        }
        forward(ctx, buf, judged, at);
        if (at < end) {
            held = ctx.alloc().compositeBuffer();
            held.addComponent(true, buf.retainedSlice(at, end - at));
        }
        buf.release();
    }

    private void startBody(Verdict verdict) {
        if (verdict.chunked()) {
            state = State.CHUNKED;
            chunks = new ChunkWalk("request", maxHeadBytes);
        } else if (verdict.contentLength() > 0) {
            state = State.BODY;
            remaining = verdict.contentLength();
        } else {
            state = State.HEAD;
        }
    }

    /** Passes {@code buf[from, to)} on: the buffer itself when that is all of it (no slice to make). */
    private static void forward(ChannelHandlerContext ctx, ByteBuf buf, int from, int to) {
        if (to <= from) {
            return;
        }
        if (from == buf.readerIndex() && to == buf.writerIndex()) {
            ctx.fireChannelRead(buf.retain());
        } else {
            ctx.fireChannelRead(buf.retainedSlice(from, to - from));
        }
    }

    private static HttpRequest refusedHead(String method, String target, RuntimeException why) {
        HttpRequest refused = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), target);
        refused.setDecoderResult(DecoderResult.failure(why));
        return refused;
    }

    /**
     * The request side's answer to a violation: for sizes, the decoder's own exceptions, so the
     * answer is the same 414 or 431 it would give; anything else is refused (400).
     */
    private static RuntimeException causeOf(Verdict verdict) {
        return switch (verdict.violation()) {
            case START_LINE_TOO_LONG -> new TooLongHttpLineException(verdict.detail());
            case HEAD_TOO_LARGE -> new TooLongHttpHeaderException(verdict.detail());
            case TLS_RECORD, MALFORMED_HEAD, MALFORMED_BODY -> new Refused(verdict.detail());
        };
    }

    private static LastHttpContent refusedBody(String why) {
        LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
        last.setDecoderResult(DecoderResult.failure(new Refused(why)));
        return last;
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
