package dev.telltale.upstream;

import dev.telltale.config.TargetAddress;
import io.netty.channel.EventLoopGroup;
import io.netty.resolver.AddressResolverGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The pool under a target's idle limit: learnt from the target's own closes, and kept away from. */
@Tag("socket")
class IdleLimitPoolTest {

    private static final ConnectSettings SETTINGS = new ConnectSettings(Duration.ofSeconds(2), "timeouts.connect",
            Duration.ofSeconds(2), "timeouts.tls_handshake", 64 * 1024, 1000, "pool.max_connections");
    private static final long MS = 1_000_000L;
    private static final long CONFIGURED = TimeUnit.SECONDS.toNanos(60);

    private final Transport transport = Transport.best();
    private EventLoopGroup group;
    private AddressResolverGroup<InetSocketAddress> resolvers;
    private ConnectionPools pools;
    private ServerSocket server;
    private Target target;

    @BeforeEach
    void start() throws Exception {
        group = transport.newEventLoopGroup(1, "idle-limit-test");
        resolvers = Resolvers.create(transport);
        pools = new ConnectionPools(group, transport, resolvers);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        target = new Target(new TargetAddress("127.0.0.1", server.getLocalPort()));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        resolvers.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aConnectionTheTargetClosedWhileItIdledTeachesTheLimit() throws Exception {
        UpstreamConnection connection = acquire(true);
        try (Socket accepted = server.accept()) {
            onLoop(() -> release(connection));
            Thread.sleep(150);
            accepted.close();
            awaitClosed(connection);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        // The pool hears of the close in a listener that may run just after the close is seen here.
        while (target.idleCloses().limitNanos(System.nanoTime()) == IdleCloses.NONE && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(target.idleCloses().limitNanos(System.nanoTime())).isBetween(150 * MS, 1_000 * MS);
    }

    @Test
    void theProxysOwnRetirementTeachesNothing() throws Exception {
        UpstreamConnection connection = acquire(true);
        try (Socket accepted = server.accept()) {
            onLoop(() -> {
                connection.release(50 * MS, IdleCloses.NONE);
                return null;
            });
            Thread.sleep(100);
            UpstreamConnection next = acquire(true); // finds the first one expired and closes it
            try (Socket second = server.accept()) {
                assertThat(next).isNotSameAs(connection);
                awaitClosed(connection);
                Thread.sleep(100);
                assertThat(target.idleCloses().limitNanos(System.nanoTime())).isEqualTo(IdleCloses.NONE);
            }
        }
    }

    @Test
    void underALearntLimitARequestThatCannotBeReplayedKeepsASecondMarginAway() throws Exception {
        target.idleCloses().closedWhileIdle(400 * MS, System.nanoTime()); // keep 300 ms; 225 ms for a POST
        UpstreamConnection first = acquire(true);
        try (Socket one = server.accept()) {
            onLoop(() -> release(first));
            Thread.sleep(250);

            UpstreamConnection forAPost = acquire(false);
            try (Socket two = server.accept()) {
                assertThat(forAPost).as("a new connection for a request that cannot be sent twice").isNotSameAs(first);
                assertThat(acquire(true)).as("the older one still serves one that can").isSameAs(first);
            }
        }
    }

    @Test
    void aConnectionKeptPastTheLearntLimitIsNeverHandedOut() throws Exception {
        UpstreamConnection first = acquire(true);
        try (Socket one = server.accept()) {
            onLoop(() -> release(first));
            target.idleCloses().closedWhileIdle(200 * MS, System.nanoTime()); // learnt while it idles: keep 150 ms
            Thread.sleep(180);
            UpstreamConnection next = acquire(true);
            try (Socket two = server.accept()) {
                assertThat(next).isNotSameAs(first);
            }
        }
    }

    private UpstreamConnection acquire(boolean replayable) throws Exception {
        return group.next().submit(() -> pools.acquire(group.next(), target, SETTINGS, true, replayable,
                ExchangeListener.NONE)).get(5, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
    }

    private Object release(UpstreamConnection connection) {
        connection.release(CONFIGURED, IdleCloses.NONE);
        return null;
    }

    private <T> T onLoop(Callable<T> call) throws Exception {
        return group.next().submit(call).get(5, TimeUnit.SECONDS);
    }

    private static void awaitClosed(UpstreamConnection connection) {
        connection.channel().closeFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        assertThat(connection.channel().isActive()).isFalse();
    }
}
