package dev.telltale.upstream;

import dev.telltale.config.TargetAddress;
import dev.telltale.failure.ExchangeFailureException;
import dev.telltale.failure.Failure;
import dev.telltale.testing.Transports;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * How the pools open a connection, over each transport: the socket options and stages of a
 * ready one, and that a refused one is classified and leaves no socket behind.
 */
@Tag("socket")
class NewConnectionTest {

    private static final ConnectSettings SETTINGS = new ConnectSettings(Duration.ofSeconds(2), "timeouts.connect",
            Duration.ofSeconds(2), "timeouts.tls_handshake", 64 * 1024, 1000, "pool.max_connections");

    private EventLoopGroup group;
    private AddressResolverGroup<InetSocketAddress> resolvers;

    static Stream<Transport> transports() {
        return Transports.available().stream();
    }

    private ConnectionPools pools(Transport transport) {
        group = transport.newEventLoopGroup(1, "new-connection-test");
        resolvers = Resolvers.create(transport);
        return new ConnectionPools(group, transport, resolvers);
    }

    @AfterEach
    void tearDown() {
        if (resolvers != null) {
            resolvers.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aReadyConnectionHasNoDelayKeepAliveAndTheHttpStages(Transport transport) throws Exception {
        ConnectionPools pools = pools(transport);
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Target target = new Target(new TargetAddress("127.0.0.1", server.getLocalPort()));
            UpstreamConnection connection = onLoop(() -> pools.acquire(loop(), target, SETTINGS, false))
                    .get(5, TimeUnit.SECONDS);
            try (Socket accepted = server.accept()) {
                Channel channel = connection.channel();
                assertThat(channel.isActive()).isTrue();
                assertThat(channel.config().getOption(ChannelOption.TCP_NODELAY)).isTrue();
                assertThat(channel.config().getOption(ChannelOption.SO_KEEPALIVE)).isTrue();
                assertThat(channel.pipeline().names()).contains("upstream").doesNotContain("inspect", "http");
                channel.close().syncUninterruptibly();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void anIpv6TargetIsReachedOnASocketOfItsFamily(Transport transport) throws Exception {
        InetAddress ipv6Loopback = InetAddress.getByName("::1");
        ConnectionPools pools = pools(transport);
        try (ServerSocket server = new ServerSocket(0, 50, ipv6Loopback)) {
            Target target = new Target(new TargetAddress("::1", server.getLocalPort()));
            UpstreamConnection connection = onLoop(() -> pools.acquire(loop(), target, SETTINGS, false))
                    .get(5, TimeUnit.SECONDS);
            try (Socket accepted = server.accept()) {
                assertThat(accepted.getInetAddress()).isEqualTo(ipv6Loopback);
                assertThat(connection.channel().isActive()).isTrue();
                connection.channel().close().syncUninterruptibly();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aRefusedConnectIsClassifiedAndItsSocketClosed(Transport transport) throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "counts open descriptors in /proc");
        ConnectionPools pools = pools(transport);
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        Target target = new Target(new TargetAddress("127.0.0.1", port));
        // Warm up once, so that lazily opened descriptors (the resolver's, the JIT's) are counted before.
        assertRefused(onLoop(() -> pools.acquire(loop(), target, SETTINGS, false)));
        long before = openDescriptors();
        List<Future<UpstreamConnection>> attempts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            attempts.add(onLoop(() -> pools.acquire(loop(), target, SETTINGS, false)));
        }
        for (Future<UpstreamConnection> attempt : attempts) {
            assertRefused(attempt);
        }
        assertThat(target.openConnections()).isZero();
        // The closes run as tasks after the failures, and NIO frees a registered socket's descriptor
        // only at its selector's next wake-up; a socket left open stays counted however long this waits.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long open = openDescriptors();
        while (open >= before + 10 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            open = openDescriptors();
        }
        assertThat(open).as("sockets left open by 200 refused connects").isLessThan(before + 10);
    }

    private static void assertRefused(Future<UpstreamConnection> attempt) throws InterruptedException {
        assertThat(attempt.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(attempt.cause()).isInstanceOf(ExchangeFailureException.class);
        assertThat(((ExchangeFailureException) attempt.cause()).failure().failure()).isEqualTo(Failure.CONNECTION_REFUSED);
    }

    private EventLoop loop() {
        return group.next();
    }

    private <T> T onLoop(Callable<T> call) throws Exception {
        return group.next().submit(call).get(5, TimeUnit.SECONDS);
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
