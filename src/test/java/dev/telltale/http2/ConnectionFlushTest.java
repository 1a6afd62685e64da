package dev.telltale.http2;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connections asked to flush in one turn of their event loop are flushed after it, each once,
 * by one task: on a real event loop and real sockets, since an embedded loop runs its tasks after
 * every write.
 */
@Tag("socket")
class ConnectionFlushTest {

    private static final EventLoopGroup LOOP = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterAll
    static void stop() {
        LOOP.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void everyConnectionAskedInATurnIsFlushedAfterIt() throws Exception {
        Map<Integer, StringBuilder> receivedByClientPort = new ConcurrentHashMap<>();
        Channel server = new ServerBootstrap().group(LOOP).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        StringBuilder text = receivedByClientPort.computeIfAbsent(channel.remoteAddress().getPort(),
                                port -> new StringBuilder());
                        channel.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                                synchronized (text) {
                                    text.append(msg.toString(StandardCharsets.US_ASCII));
                                }
                            }
                        });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        Bootstrap client = new Bootstrap().group(LOOP).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        // nothing to read: the test only writes
                    }
                });
        Channel first = client.connect(server.localAddress()).sync().channel();
        Channel second = client.connect(server.localAddress()).sync().channel();
        SingleThreadEventExecutor loop = (SingleThreadEventExecutor) first.eventLoop();
        try {
            for (String turn : new String[] {"1", "2"}) {
                int[] tasksAdded = new int[1];
                boolean heldDuringTheTurn = LOOP.submit(() -> {
                    int tasksBefore = loop.pendingTasks();
                    first.write(Unpooled.copiedBuffer("a" + turn, StandardCharsets.US_ASCII));
                    ConnectionFlush.request(first);
                    second.write(Unpooled.copiedBuffer("b" + turn, StandardCharsets.US_ASCII));
                    ConnectionFlush.request(second);
                    first.write(Unpooled.copiedBuffer("c" + turn, StandardCharsets.US_ASCII));
                    ConnectionFlush.request(first);
                    tasksAdded[0] = loop.pendingTasks() - tasksBefore;
                    return first.unsafe().outboundBuffer().totalPendingWriteBytes() > 0
                            && second.unsafe().outboundBuffer().totalPendingWriteBytes() > 0;
                }).get(5, TimeUnit.SECONDS);
                assertThat(heldDuringTheTurn).as("nothing is flushed during the turn").isTrue();
                assertThat(tasksAdded[0]).as("one task for both connections").isEqualTo(1);
            }
            awaitText(receivedByClientPort, first, "a1c1a2c2");
            awaitText(receivedByClientPort, second, "b1b2");
        } finally {
            first.close().sync();
            second.close().sync();
            server.close().sync();
        }
    }

    private static void awaitText(Map<Integer, StringBuilder> received, Channel client, String expected)
            throws InterruptedException {
        int port = ((InetSocketAddress) client.localAddress()).getPort();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String got = "";
        while (System.nanoTime() < deadline) {
            StringBuilder text = received.get(port);
            if (text != null) {
                synchronized (text) {
                    got = text.toString();
                }
            }
            if (got.length() >= expected.length()) {
                break;
            }
            Thread.sleep(10);
        }
        assertThat(got).isEqualTo(expected);
    }
}
