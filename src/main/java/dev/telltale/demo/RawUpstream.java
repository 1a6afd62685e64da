package dev.telltale.demo;

import dev.telltale.upstream.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny upstream on 127.0.0.1 that speaks bytes, not HTTP through a codec, so that it can send
 * what no HTTP library would. Each connection gets the same {@link Behaviour}.
 */
final class RawUpstream {

    /** More than any request head the demo sees; past it the bytes are not kept. */
    private static final int MAX_KEPT = 64 * 1024;

    private final Channel listener;
    private final AtomicInteger acted = new AtomicInteger();

    RawUpstream(EventLoopGroup group, Transport transport, Behaviour behaviour) throws InterruptedException {
        listener = new ServerBootstrap().group(group).channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new BehaviourHandler(behaviour));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    String target() {
        return "127.0.0.1:" + ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** How many requests it has acted on. */
    int requests() {
        return acted.get();
    }

    /** Feeds a connection's bytes to the behaviour until it has acted, then ignores the rest. */
    private final class BehaviourHandler extends ChannelInboundHandlerAdapter {
        private final Behaviour behaviour;
        private final StringBuilder received = new StringBuilder();
        private boolean done;

        BehaviourHandler(Behaviour behaviour) {
            this.behaviour = behaviour;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (done || !(msg instanceof ByteBuf bytes)) {
                    return;
                }
                if (received.length() < MAX_KEPT) {
                    received.append(bytes.toString(StandardCharsets.ISO_8859_1));
                }
                done = behaviour.onBytes(ctx, received.toString());
                if (done) {
                    acted.incrementAndGet();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // The proxy gave up on this connection (it closed or reset it): nothing to report.
            ctx.close();
        }
    }
}
