package dev.telltale.upstream;

import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.failure.UpstreamFailure;
import dev.telltale.failure.UpstreamFailureException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ByteProcessor;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits before the HTTP decoder and holds the bytes of each response head until the head is
 * complete, so that {@link ResponseHeadCheck} can judge them raw; then passes them on unchanged.
 * A chunked body is walked too ({@link ChunkWalk}): broken in the head's own read, the whole
 * response is refused before anything goes on; broken later, the exchange fails there (the
 * client's response is cut). Other body bytes pass straight through. A head it rejects fails the exchange with the classified
 * failure and closes the connection: nothing ambiguous is ever forwarded.
 */
final class ResponseHeadInspector extends ChannelInboundHandlerAdapter {

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

    /** Walks the chunked body in {@code buf} from {@code from}; the failure when it is broken, else null. */
    private UpstreamFailure brokenChunks(ByteBuf buf, int from) {
        String broken = chunks.walk(buf, from, buf.writerIndex());
        if (chunks.done() || broken != null) {
            chunks = null;
        }
        return broken == null ? null : UpstreamFailure.afterSending(Failure.HTTP_RESPONSE_TRANSFER_CODING,
                Phase.RESPONSE_BODY, "upstream sent a broken chunked body: " + broken);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!inspecting && chunks != null && msg instanceof ByteBuf body) {
            UpstreamFailure broken = brokenChunks(body, body.readerIndex());
            if (broken != null) {
                body.release();
                ctx.fireExceptionCaught(new UpstreamFailureException(broken));
                ctx.close();
                return;
            }
        }
        if (!inspecting || !(msg instanceof ByteBuf incoming)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf buf = incoming;
        if (held != null) {
            held.addComponent(true, incoming);
            buf = held;
        }
        UpstreamFailure failure = ResponseHeadCheck.ofStart(buf);
        int end = failure == null ? headEnd(buf) : -1;
        if (failure == null && end > 0) {
            ResponseHeadCheck.Judged judged = ResponseHeadCheck.judge(buf, end - buf.readerIndex());
            failure = judged.failure();
            if (failure == null && judged.chunkedBody()) {
                chunks = new ChunkWalk();
                failure = brokenChunks(buf, end);
            }
        }
        if (failure != null) {
            release();
            if (buf == incoming) {
                incoming.release();
            }
            ctx.fireExceptionCaught(new UpstreamFailureException(failure));
            ctx.close();
            return;
        }
        if (end > 0 || buf.readableBytes() > maxHeadBytes) {
            // Complete, or too long: either way the decoder takes it from here (it enforces the limit).
            inspecting = false;
            held = null;
            ctx.fireChannelRead(buf);
            return;
        }
        if (held == null) {
            held = ctx.alloc().compositeBuffer();
            held.addComponent(true, incoming);
        }
    }

    /** The index just past the blank line ending the head, or -1. */
    private static int headEnd(ByteBuf buf) {
        int from = buf.readerIndex();
        while (true) {
            int lf = buf.forEachByte(from, buf.writerIndex() - from, ByteProcessor.FIND_LF);
            if (lf < 0) {
                return -1;
            }
            if (lf + 2 < buf.writerIndex() && lf >= 1 && buf.getByte(lf - 1) == '\r'
                    && buf.getByte(lf + 1) == '\r' && buf.getByte(lf + 2) == '\n') {
                return lf + 3;
            }
            from = lf + 1;
        }
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
