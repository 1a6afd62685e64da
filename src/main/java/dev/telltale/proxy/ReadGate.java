package dev.telltale.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;

/**
 * The one switch of a client connection's reading. Each stage that needs the client to wait
 * names its {@link Reason}; reading (auto-read) is on only while no reason holds. As a stage
 * of the pipeline it also holds what the decoder made of a read that came while a reason
 * holds (a pipelined request, body chunks the upstream cannot take yet) and passes it on, in
 * order, once none does. Netty's {@code FlowControlHandler} holds messages too, but borrows a
 * pooled queue for every message, even when nothing is held: that is the common case here.
 */
final class ReadGate extends ChannelDuplexHandler {

    /** Why the client is not read now. */
    enum Reason {
        /** A request came while the one before it is still being answered: it waits its turn. */
        PIPELINED,
        /** The upstream cannot take more of the request now: no connection yet, or its buffer is full. */
        BODY_BACKPRESSURE,
        /** An upgrade request is whole: what follows it is the tunnel's, once the upstream agrees. */
        UPGRADE,
        /** In a tunnel, the upstream cannot take more bytes now. */
        TUNNEL_BACKPRESSURE;

        private final int bit = 1 << ordinal();
    }

    private Channel channel;
    private ChannelHandlerContext ctx;
    /** One bit per {@link Reason} that holds. */
    private int reasons;
    /** Made at the first hold, then kept for the connection. */
    private ArrayDeque<Object> held;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        channel = ctx.channel();
    }

    /** True while no reason holds. */
    boolean open() {
        return reasons == 0;
    }

    boolean holds(Reason reason) {
        return (reasons & reason.bit) != 0;
    }

    void pause(Reason reason) {
        if (reasons == 0) {
            channel.config().setAutoRead(false);
        }
        reasons |= reason.bit;
    }

    void resume(Reason reason) {
        if ((reasons & reason.bit) != 0) {
            reasons &= ~reason.bit;
            openIfNoReason();
        }
    }

    /** An exchange has ended and its connection stays: nothing it paused for holds any more. */
    void resumeAll() {
        if (reasons != 0) {
            reasons = 0;
            openIfNoReason();
        }
    }

    /**
     * {@code msg} reached the proxy stage while the request before it is still being answered:
     * it goes back to the front of what is held, and reading pauses until {@link Reason#PIPELINED}
     * is lifted. Pausing only then, rather than around every request, saves a system call each.
     */
    void holdBack(Object msg) {
        pause(Reason.PIPELINED);
        heldQueue().addFirst(msg);
    }

    /**
     * The connection is closing and what the client still sends is only to be dropped (a
     * lingering close): whatever held, reading goes on, and what was held is released.
     */
    void readToDiscard() {
        reasons = 0;
        releaseHeld();
        channel.config().setAutoRead(true);
        channel.read();
    }

    /** What was held goes first; then the socket is read again if still no reason holds. */
    private void openIfNoReason() {
        passOnWhileOpen();
        if (reasons == 0 && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (reasons == 0 && (held == null || held.isEmpty())) {
            ctx.fireChannelRead(msg);
            return;
        }
        heldQueue().add(msg);
        passOnWhileOpen();
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        passOnWhileOpen();
        if (reasons == 0) {
            ctx.read();
        }
    }

    private void passOnWhileOpen() {
        // A message passed on may pause reading again (the next pipelined request) or lift the
        // last reason (which re-enters here); both see the same queue, so the order holds.
        while (held != null && reasons == 0) {
            Object msg = held.poll();
            if (msg == null) {
                return;
            }
            ctx.fireChannelRead(msg);
        }
    }

    private ArrayDeque<Object> heldQueue() {
        if (held == null) {
            held = new ArrayDeque<>(4);
        }
        return held;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseHeld();
        ctx.fireChannelInactive();
    }

    /** Removed with the HTTP stages for a tunnel: anything held still belongs to the next stage. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (held != null && !held.isEmpty()) {
            Object msg;
            while ((msg = held.poll()) != null) {
                ctx.fireChannelRead(msg);
            }
            ctx.fireChannelReadComplete();
        }
        held = null;
    }

    private void releaseHeld() {
        if (held != null) {
            Object msg;
            while ((msg = held.poll()) != null) {
                ReferenceCountUtil.release(msg);
            }
        }
    }
}
