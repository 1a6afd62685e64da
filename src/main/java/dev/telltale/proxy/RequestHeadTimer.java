package dev.telltale.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code listen.client_header_timeout}: a request head must be complete within the timeout,
 * counted from the connection's start for its first request and from the first byte of each
 * later one (the wait between requests is {@code keepalive_timeout}'s; a head pipelined during
 * the previous answer counts from that answer's end). Sits before the HTTP
 * decoder, where the first byte of a head is seen. A head that arrives in the read that started
 * it costs no timer; only one left incomplete arms it. On expiry it fires {@link #EXPIRED} when
 * some of the head came, so the request is answered 408 and logged, and closes the connection
 * silently when nothing came (a browser's speculative connection is not a request).
 */
final class RequestHeadTimer extends ChannelInboundHandlerAdapter {

    /** The user event sent down the pipeline when a begun head did not complete in time. */
    static final Object EXPIRED = new Object() {
        @Override
        public String toString() {
            return "RequestHeadTimer.EXPIRED";
        }
    };

    private final long timeoutNanos;
    /** True when the framing stage holds the start of a head: bytes that came while an answer went out. */
    private final BooleanSupplier headBegunMeanwhile;
    private ChannelHandlerContext ctx;
    private boolean awaitingHead = true;
    private boolean bytesSeen;
    /** When the wait for the current head began; meaningful while {@link #awaitingHead}. */
    private long startNanos;
    private ScheduledFuture<?> timer;
    /** The clock ran out and closed the connection with nothing of a head received (a stalled TLS handshake, say). */
    private boolean closedSilently;

    /** {@code timeoutNanos} 0 turns the limit off. */
    RequestHeadTimer(long timeoutNanos, BooleanSupplier headBegunMeanwhile) {
        this.timeoutNanos = timeoutNanos;
        this.headBegunMeanwhile = headBegunMeanwhile;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        startNanos = System.nanoTime();
        arm();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        boolean starts = awaitingHead && !bytesSeen && msg instanceof ByteBuf buf && buf.isReadable();
        if (starts) {
            bytesSeen = true;
            if (timer == null) {
                startNanos = System.nanoTime();
            }
        }
        ctx.fireChannelRead(msg);
        if (starts && awaitingHead) {
            arm();
        }
    }

    /** The proxy has the whole head of the current request. */
    void headReceived() {
        awaitingHead = false;
        bytesSeen = false;
        cancel();
    }

    /** The previous request was answered and the connection stays: the next head is awaited. */
    void expectHead() {
        awaitingHead = true;
        bytesSeen = false;
        if (headBegunMeanwhile.getAsBoolean()) {
            // Pipelined bytes of this head came during the answer: its clock starts now, when the
            // proxy turns to it, so a client cannot stall a begun head for a whole keepalive_timeout.
            bytesSeen = true;
            startNanos = System.nanoTime();
            arm();
        }
    }

    /** Some of the awaited head has come and its own clock runs: that governs, not {@code keepalive_timeout}. */
    boolean headBegun() {
        return timeoutNanos > 0 && awaitingHead && bytesSeen;
    }

    /** The clock ran out before any byte of a head came, and closed the connection. */
    boolean closedSilently() {
        return closedSilently;
    }

    /** How long the current head has been awaited, in milliseconds. */
    long waitedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private void arm() {
        if (timeoutNanos <= 0 || timer != null) {
            return;
        }
        long remaining = timeoutNanos - (System.nanoTime() - startNanos);
        timer = ctx.executor().schedule(this::expire, Math.max(0, remaining), TimeUnit.NANOSECONDS);
    }

    private void expire() {
        timer = null;
        if (!awaitingHead || !ctx.channel().isActive()) {
            return;
        }
        if (bytesSeen) {
            ctx.fireUserEventTriggered(EXPIRED);
        } else {
            closedSilently = true;
            ctx.close();
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }
}
