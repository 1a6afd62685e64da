package dev.telltale.testing.zoo;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny raw Netty server, built from a test permutation's server bootstrap, that reads a
 * request head and then misbehaves as told. Bytes, not an HTTP codec: the point is to send what
 * no HTTP library would.
 */
public final class MisbehavingUpstream implements AutoCloseable {

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

    public String target() {
        return "127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
    }

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
                if (done || !(msg instanceof ByteBuf buf)) {
                    return;
                }
                head.append(buf.toString(StandardCharsets.ISO_8859_1));
                if (head.indexOf("\r\n\r\n") >= 0) {
                    done = true;
                    requests.incrementAndGet();
                    behaviour.onRequest(ctx, buf);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
