package dev.telltale.proxy;

import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;

/**
 * Holds what the decoder made of one read while the proxy is not reading (auto-read off), such
 * as a pipelined request or body chunks the upstream cannot take yet, and passes it on, in
 * order, when reading resumes. Netty's {@code FlowControlHandler} does the same, and more (it
 * also serves explicit one-message reads, which the proxy never makes), but it borrows a
 * pooled queue for every message, even when nothing is held: that is the common case here.
 */
final class HeldWhilePaused extends ChannelDuplexHandler {

    private ChannelConfig config;
    /** Made at the first hold, then kept for the connection. */
    private ArrayDeque<Object> held;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        config = ctx.channel().config();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (config.isAutoRead() && (held == null || held.isEmpty())) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (held == null) {
            held = new ArrayDeque<>(4);
        }
        held.add(msg);
        passOnWhileReading(ctx);
    }

    /** Reading resumed (turning auto-read on asks for a read): what was held goes first. */
    @Override
    public void read(ChannelHandlerContext ctx) {
        passOnWhileReading(ctx);
        if (config.isAutoRead()) {
            ctx.read();
        }
    }

    private void passOnWhileReading(ChannelHandlerContext ctx) {
        // A message passed on may pause reading again (the next pipelined request) or resume it
        // (which re-enters here); both see the same queue, so the order holds.
        while (held != null && config.isAutoRead()) {
            Object msg = held.poll();
            if (msg == null) {
                return;
            }
            ctx.fireChannelRead(msg);
        }
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
