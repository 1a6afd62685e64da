package dev.telltale.upstream;

import dev.telltale.config.TargetAddress;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A pooled connection the pool finds too old is closed while the loop handles one batch of
 * events; if the upstream's close of that same connection is a later event of the batch, a new
 * connection opened at once gets the freed descriptor number and, with Netty 4.2's epoll, that
 * event too, and fails. The pools open new connections after the batch, so it cannot.
 */
@Tag("socket")
class DescriptorReuseTest {

    private static final ConnectSettings SETTINGS = new ConnectSettings(Duration.ofSeconds(2), "timeouts.connect",
            Duration.ofSeconds(2), "timeouts.tls_handshake", 64 * 1024, 1000, "pool.max_connections");
    private static final long MS = 1_000_000L;

    private EventLoopGroup group;
    private AddressResolverGroup<InetSocketAddress> resolvers;

    @AfterEach
    void stop() {
        if (resolvers != null) {
            resolvers.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aConnectionOpenedWhileAnOldOnesHangUpIsInTheSameBatchStillConnects() throws Exception {
        assumeTrue(Epoll.isAvailable(), "the defect is the epoll transport's");
        Transport transport = Transport.epoll();
        group = transport.newEventLoopGroup(1, "descriptor-reuse-test");
        resolvers = Resolvers.create(transport);
        ConnectionPools pools = new ConnectionPools(group, transport, resolvers);
        EventLoop loop = group.next();
        for (int round = 0; round < 5; round++) {
            try (ServerSocket app = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                Target target = new Target(new TargetAddress("127.0.0.1", app.getLocalPort()));
                UpstreamConnection old = loop.submit(() -> pools.acquire(loop, target, SETTINGS, true, true,
                        ExchangeListener.NONE)).get(5, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
                Socket oldPeer = app.accept();
                loop.submit(() -> old.release(50 * MS, IdleCloses.NONE)).get(5, TimeUnit.SECONDS);

                // A channel on the same loop whose first read asks the pool for a connection.
                CompletableFuture<Future<UpstreamConnection>> asked = new CompletableFuture<>();
                Channel trigger = new ServerBootstrap().group(group).channel(transport.serverChannel())
                        .childHandler(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ((ByteBuf) msg).release();
                                asked.complete(pools.acquire(loop, target, SETTINGS, true, true, ExchangeListener.NONE));
                            }
                        }).bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
                try (Socket client = new Socket(InetAddress.getLoopbackAddress(),
                        ((InetSocketAddress) trigger.localAddress()).getPort())) {
                    Thread.sleep(100); // the pooled connection is now past its 50 ms
                    // While the loop is busy, the trigger becomes readable, then the old connection hangs up:
                    // both are in the loop's next batch, in that order.
                    Future<?> busy = loop.submit(() -> sleep(150));
                    Thread.sleep(30);
                    OutputStream out = client.getOutputStream();
                    out.write('x');
                    out.flush();
                    Thread.sleep(20);
                    oldPeer.close();
                    busy.get(5, TimeUnit.SECONDS);

                    UpstreamConnection fresh = asked.get(5, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
                    try (Socket accepted = app.accept()) {
                        assertThat(fresh).isNotSameAs(old);
                        assertThat(fresh.channel().isActive()).as("round %d: the new connection stays open", round)
                                .isTrue();
                        Thread.sleep(50);
                        assertThat(fresh.channel().isActive()).isTrue();
                        fresh.channel().close().sync();
                    }
                } finally {
                    trigger.close().sync();
                }
            }
        }
    }

    private static Object sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }
}
