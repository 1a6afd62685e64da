package dev.telltale.upstream;

import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.ExchangeFailureException;
import dev.telltale.http1.ChunkWalk;
import dev.telltale.http1.HeadScan;
import dev.telltale.http1.ResponseHeadCheck;
import dev.telltale.http1.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits before the HTTP decoder and holds the bytes of each response head until the head is
 * complete, so that {@link ResponseHeadCheck} can judge them raw; then passes them on unchanged.
 * A chunked body is walked too ({@link ChunkWalk}): broken in the head's own read, the whole
 * response is refused before anything goes on; broken later, the exchange fails there (the
 * client's response is cut). Other body bytes pass straight through. A head it rejects fails the
 * exchange with the failure its violation names ({@link WireFailures}) and closes the
 * connection: nothing ambiguous is ever forwarded.
 */
final class ResponseHeadInspector extends ChannelInboundHandlerAdapter {

    /** Trailers are rare and short; this bounds what a hostile one may make the walk read. */
    private static final int MAX_TRAILER_BYTES = 64 * 1024;

    private final int maxHeadBytes;
    private boolean inspecting;
    private CompositeByteBuf held;
    /** The chunked body being walked, from the head that declared it to its last trailer line. */
    private ChunkWalk chunks;

    ResponseHeadInspector(int maxHeadBytes) {
        this.maxHeadBytes = maxHeadBytes;
    }

    /** The next bytes from the upstream start a response head. */
    void expectResponse() {
        inspecting = true;
        chunks = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf incoming) || !inspecting && chunks == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf buf = incoming;
        if (held != null) {
            held.addComponent(true, incoming);
            buf = held;
        }
        if (inspecting) {
            inspectHead(ctx, buf, incoming);
        } else {
            walkBody(ctx, buf, buf.readerIndex());
        }
    }

    private void inspectHead(ChannelHandlerContext ctx, ByteBuf buf, ByteBuf incoming) {
        Verdict verdict = ResponseHeadCheck.ofStart(buf);
        int end = verdict.isOk() ? HeadScan.headEnd(buf, buf.readerIndex(), buf.writerIndex()) : -1;
        if (end > 0) {
            verdict = ResponseHeadCheck.check(buf, end - buf.readerIndex());
            if (verdict.chunked()) {
                chunks = new ChunkWalk("response", MAX_TRAILER_BYTES);
            }
        }
        ExchangeFailure failure = WireFailures.ofResponseVerdict(verdict);
        if (failure != null) {
            fail(ctx, buf);
            ctx.fireExceptionCaught(new ExchangeFailureException(failure));
            return;
        }
        if (end > 0 || buf.readableBytes() > maxHeadBytes) {
            // Complete, or too long: either way the decoder takes it from here (it enforces the limit).
            inspecting = false;
            if (chunks != null) {
                walkBody(ctx, buf, end);
            } else {
                held = null;
                ctx.fireChannelRead(buf);
            }
            return;
        }
        if (held == null) {
            held = ctx.alloc().compositeBuffer();
            held.addComponent(true, incoming);
        }
    }

    /**
     * Walks the chunked body in {@code buf} from {@code from}. Broken, the exchange fails (before
     * anything goes on when the head is in {@code buf} too); otherwise what is judged goes on and
     * an unfinished line is held for the next read.
     */
    private void walkBody(ChannelHandlerContext ctx, ByteBuf buf, int from) {
        int stop = chunks.walk(buf, from, buf.writerIndex());
        ExchangeFailure broken = WireFailures.ofResponseVerdict(chunks.verdict());
        if (broken != null) {
            chunks = null;
            fail(ctx, buf);
            ctx.fireExceptionCaught(new ExchangeFailureException(broken));
            return;
        }
        if (chunks.done()) {
            chunks = null;
            stop = buf.writerIndex(); // what follows the body is not this response's: the handler judges it
        }
        held = null;
        if (stop == buf.writerIndex()) {
            ctx.fireChannelRead(buf);
            return;
        }
        held = ctx.alloc().compositeBuffer();
        held.addComponent(true, buf.retainedSlice(stop, buf.writerIndex() - stop));
        if (stop > buf.readerIndex()) {
            ctx.fireChannelRead(buf.retainedSlice(buf.readerIndex(), stop - buf.readerIndex()));
        }
        buf.release();
    }

    /** Drops {@code buf} and whatever was held, and closes: nothing of a refused response goes on. */
    private void fail(ChannelHandlerContext ctx, ByteBuf buf) {
        if (buf != held) {
            buf.release();
        }
        release();
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // A head cut off by the close: hand what came to the decoder, which reports it incomplete.
        if (held != null) {
            ByteBuf partial = held;
            held = null;
            inspecting = false;
            ctx.fireChannelRead(partial);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    private void release() {
        if (held != null) {
            ReferenceCountUtil.release(held);
            held = null;
        }
    }
}
