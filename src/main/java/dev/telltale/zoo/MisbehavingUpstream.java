package dev.telltale.zoo;

import dev.telltale.upstream.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny raw Netty server on 127.0.0.1 that reads a request head and then misbehaves as told. Bytes, not an
 * HTTP codec: the point is to send what no HTTP library would. The demo runs one per failing route; the tests
 * build one from each transport permutation's server bootstrap.
 */
public final class MisbehavingUpstream implements AutoCloseable {

    /** More than any request head it is sent; past it the bytes are not kept. */
    private static final int MAX_KEPT = 64 * 1024;

    private final Channel server;
    private final AtomicInteger requests = new AtomicInteger();

    public MisbehavingUpstream(ServerBootstrap bootstrap, Misbehaviour behaviour) throws InterruptedException {
        this(bootstrap, null, behaviour);
    }

    /** With {@code tls} set, the misbehaviour happens inside a TLS session (or the handshake fails first). */
    public MisbehavingUpstream(ServerBootstrap bootstrap, SslContext tls, Misbehaviour behaviour)
            throws InterruptedException {
        server = bootstrap.childHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                if (tls != null) {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                }
                ch.pipeline().addLast(new RequestReader(behaviour));
            }
        }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    /** On the given event loops and transport, as the demo runs it. */
    public static MisbehavingUpstream on(EventLoopGroup group, Transport transport, Misbehaviour behaviour)
            throws InterruptedException {
        return new MisbehavingUpstream(new ServerBootstrap().group(group).channel(transport.serverChannel()),
                behaviour);
    }

    public String target() {
        return "127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** How many requests it has acted on. */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
    }

    /** Feeds a connection's bytes to the behaviour until it has acted, then ignores the rest. */
    private final class RequestReader extends ChannelInboundHandlerAdapter {
        private final Misbehaviour behaviour;
        private final StringBuilder head = new StringBuilder();
        private boolean done;

        RequestReader(Misbehaviour behaviour) {
            this.behaviour = behaviour;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            done = behaviour.onConnect(ctx);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (done || !(msg instanceof ByteBuf bytes)) {
                    return;
                }
                if (head.length() < MAX_KEPT) {
                    head.append(bytes.toString(StandardCharsets.ISO_8859_1));
                }
                if (behaviour.actsOnFirstBytes() || head.indexOf("\r\n\r\n") >= 0) {
                    done = true;
                    requests.incrementAndGet();
                    behaviour.onRequest(ctx);
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
