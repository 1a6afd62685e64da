package dev.telltale.upstream;

import dev.telltale.failure.ExchangeFailureException;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A refused connection as the proxy meets it: the exception a transport really reports for a
 * connect to a closed loopback port, and what {@code ConnectAttempt} turns it into. Gives the
 * benchmarks of other packages the package-private classification without widening it.
 */
public final class RefusedConnect {

    /** As a route with the default timeouts would ask; only a timeout's wording reads them. */
    static final ConnectSettings SETTINGS = new ConnectSettings(Duration.ofSeconds(5), "timeouts.connect",
            Duration.ofSeconds(5), "timeouts.tls_handshake", 64 * 1024, Integer.MAX_VALUE, "pool.max_connections");

    private RefusedConnect() {
    }

    /** Connects once to a port nothing listens on and returns what the transport failed with. */
    public static Throwable cause(Transport transport) {
        EventLoopGroup group = transport.newEventLoopGroup(1, "refused-connect");
        try {
            ChannelFuture connect = new Bootstrap().group(group).channel(transport.socketChannel())
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort()));
            if (!connect.awaitUninterruptibly(10, TimeUnit.SECONDS) || connect.isSuccess()) {
                connect.channel().close();
                throw new IllegalStateException("a connect to a closed port did not fail");
            }
            return connect.cause();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** What the exchange receives from the failed connection future for {@code cause} on {@code target}. */
    public static ExchangeFailureException classify(Throwable cause, String target) {
        return new ExchangeFailureException(WireFailures.ofConnect(cause, target, SETTINGS));
    }

    private static int closedPort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
