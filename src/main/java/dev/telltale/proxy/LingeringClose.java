package dev.telltale.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * Closes a client connection whose request body was not all read, as nginx's lingering close
 * does: closing a socket with unread bytes sends a reset, and a client still writing its body
 * then loses the answer it was sent (a 502 for a POST refused by the deploy hold, say). So the
 * answer is followed by a FIN, what the client still sends is read and dropped, and the
 * connection closes when the client closes its side, after {@link #QUIET_MS} without a byte, or
 * after {@link #MAX_MS} at most.
 */
final class LingeringClose extends ChannelInboundHandlerAdapter {

    static final long QUIET_MS = 1_000;
    static final long MAX_MS = 5_000;

    private ScheduledFuture<?> quiet;

    private LingeringClose() {
    }

    /**
     * Closes once {@code answered} is out. When the client may still be sending a body, a plain
     * close would turn the unread bytes into a reset that takes the answer with it: that close lingers.
     */
    static void closeAfter(ChannelFuture answered, boolean bodyMayFollow, ReadGate gate) {
        Channel channel = answered.channel();
        answered.addListener(bodyMayFollow && channel.isActive()
                ? sent -> close(channel, gate) : ChannelFutureListener.CLOSE);
    }

    /** Flushes what was written, then closes {@code channel} so; {@code gate} is its reading. Call on its event loop. */
    static void close(Channel channel, ReadGate gate) {
        if (!(channel instanceof DuplexChannel duplex) || !channel.isActive()) {
            channel.close();
            return;
        }
        LingeringClose linger = new LingeringClose();
        channel.pipeline().addFirst("lingering-close", linger);
        channel.eventLoop().schedule(() -> channel.close(), MAX_MS, TimeUnit.MILLISECONDS);
        duplex.shutdownOutput().addListener((ChannelFutureListener) done -> {
            if (!done.isSuccess()) {
                channel.close();
                return;
            }
            linger.rearm(channel);
            gate.readToDiscard();
        });
    }

    private void rearm(Channel channel) {
        if (quiet != null) {
            quiet.cancel(false);
        }
        quiet = channel.eventLoop().schedule(() -> channel.close(), QUIET_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
        rearm(ctx.channel());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        ReferenceCountUtil.release(event);
        if (event instanceof ChannelInputShutdownEvent || event instanceof ChannelInputShutdownReadComplete) {
            ctx.close(); // the client closed its side too: done
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
