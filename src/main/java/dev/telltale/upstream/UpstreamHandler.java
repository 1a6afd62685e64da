package dev.telltale.upstream;

import dev.telltale.failure.ExchangeFailureException;
import dev.telltale.http1.ResponseReader;
import dev.telltale.http1.Verdict;
import dev.telltale.http1.Violation;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.util.ReferenceCountUtil;

/**
 * The one inbound stage of an upstream connection: reads each response off the bytes
 * ({@link ResponseReader}) and hands its head, body pieces and end to the exchange the connection
 * currently serves. While the connection idles in its pool there is no sink, and anything the
 * upstream sends then is unsolicited: the connection can no longer be trusted.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {

    private final ResponseReader reader;
    private ResponseSink sink;
    /** What a read left unread: an unfinished head or chunk line. Always a copy of its own. */
    private ByteBuf held;
    /** When the last response's end was read (System.nanoTime), 0 until one ends: the target's idle clock starts about then. */
    private long responseEndedAt;

    UpstreamHandler(int maxResponseHeaderBytes) {
        reader = new ResponseReader(maxResponseHeaderBytes);
    }

    /** The next bytes answer a request of {@code sink}'s; see {@link ResponseReader#expect}. */
    void serve(ResponseSink sink, boolean headRequest, boolean dechunk) {
        reader.expect(headRequest, dechunk);
        this.sink = sink;
        responseEndedAt = 0;
    }

    void unbind() {
        sink = null;
    }

    /** See {@link ResponseReader#trailerSection}. */
    String trailerSection() {
        return reader.trailerSection();
    }

    /** When the response just served ended, as read; 0 when none has since {@link #serve}. */
    long responseEndedAt() {
        return responseEndedAt;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ByteBuf buf = in;
        if (held != null) {
            buf = held.writeBytes(in);
            in.release();
            held = null;
        }
        ResponseSink current = sink;
        try {
            read(ctx, buf);
        } catch (RuntimeException bug) {
            sink = null;
            ReferenceCountUtil.safeRelease(buf);
            if (current != null) {
                current.onInternalError(bug);
            }
            ctx.close();
        }
    }

    /** Reads {@code buf} step by step; it is released, kept in part, or passed on raw after a protocol switch. */
    private void read(ChannelHandlerContext ctx, ByteBuf buf) {
        ResponseSink current = sink;
        while (true) {
            if (current == null || sink != current) {
                // Nobody asked (an idle connection), or the exchange let go of it while reading.
                boolean unsolicited = buf.isReadable();
                buf.release();
                if (unsolicited) {
                    ctx.close();
                }
                return;
            }
            switch (reader.next(buf)) {
                case MORE -> {
                    keep(ctx, buf);
                    return;
                }
                case HEAD -> current.onResponseHead(reader.head());
                case BODY -> current.onResponseBody(reader.piece(), reader.pieceBodyBytes());
                case END -> {
                    responseEndedAt = System.nanoTime();
                    current.onResponseEnd();
                    // Bytes past the response's end answer nothing that was asked.
                    boolean unsolicited = buf.isReadable();
                    buf.release();
                    if (unsolicited) {
                        ctx.close();
                    }
                    return;
                }
                case UNSOLICITED -> {
                    buf.release();
                    ctx.close();
                    return;
                }
                case REFUSED -> {
                    buf.release();
                    sink = null;
                    refused(current, reader.verdict());
                    ctx.close();
                    return;
                }
                case SWITCHED -> {
                    // The tunnel now in the pipeline takes the bytes that came with the 101.
                    if (buf.isReadable()) {
                        ctx.fireChannelRead(buf);
                    } else {
                        buf.release();
                    }
                    return;
                }
            }
        }
    }

    private static void refused(ResponseSink current, Verdict verdict) {
        if (verdict.violation() == Violation.HEAD_TOO_LARGE) {
            current.onResponseHeadFailed(new TooLongHttpHeaderException(verdict.detail()));
        } else {
            current.onUpstreamError(new ExchangeFailureException(WireFailures.ofResponseVerdict(verdict)));
        }
    }

    private void keep(ChannelHandlerContext ctx, ByteBuf buf) {
        if (buf.isReadable()) {
            held = ctx.alloc().buffer(Math.max(256, buf.readableBytes() * 2)).writeBytes(buf);
        }
        buf.release();
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
        boolean partialHead = held != null && reader.awaitingHead();
        release();
        if (current == null) {
            return;
        }
        if (reader.closedAtEnd()) {
            current.onResponseEnd(); // a body without a length ends with the connection
        } else if (partialHead) {
            current.onResponseHeadFailed(new PrematureChannelClosureException("connection closed after a partial response head"));
        } else {
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

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    private void release() {
        if (held != null) {
            held.release();
            held = null;
        }
    }
}
