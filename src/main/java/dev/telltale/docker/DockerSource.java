package dev.telltale.docker;

import dev.telltale.config.DockerConfig;
import dev.telltale.container.ContainerEvent;
import dev.telltale.container.ContainerView;
import dev.telltale.container.Containers;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The live state of the host's containers, read from the Docker Engine API: read-only, on an
 * event loop of its own, and never in the way. An unreachable, forbidden or too old daemon is a
 * warning and a {@link #problem()}, retried with a backoff, never an exception.
 */
public final class DockerSource implements ContainerView, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("telltale.docker");

    private final EventLoopGroup group;
    private final AddressResolverGroup<?> resolver;
    private final Reconnector reconnector;
    private volatile boolean closed;

    private DockerSource(Endpoint endpoint, Consumer<ContainerEvent> events, Clock clock, String hostname,
                         DockerTransport transport) {
        this.group = transport.newGroup();
        EventLoop loop = group.next();
        this.resolver = endpoint.unix() ? null : new DnsAddressResolverGroup(
                new DnsNameResolverBuilder().datagramChannelType(transport.datagramChannel()));
        DockerApi api = new DockerApi(endpoint, transport, loop, resolver);
        this.reconnector = new Reconnector(api, loop, new ContainerStates(clock, hostname), clock, LOG, events);
        loop.execute(reconnector::start);
    }

    /**
     * Starts reading in the background. {@code events} hears each container event on the docker
     * thread, after the state took it in; it must be quick and must not block.
     */
    public static DockerSource start(DockerConfig config, Consumer<ContainerEvent> events) {
        return start(config, events, Clock.systemUTC(), System.getenv("HOSTNAME"), DockerTransport.best());
    }

    /** With the clock, the proxy's host name and the transport chosen, for tests. */
    static DockerSource start(DockerConfig config, Consumer<ContainerEvent> events, Clock clock, String hostname,
                              DockerTransport transport) {
        return new DockerSource(Endpoint.parse(config.endpoint()), events, clock, hostname, transport);
    }

    /** The latest snapshot; a volatile read. */
    @Override
    public Containers current() {
        return reconnector.current;
    }

    /** True once the first full sync finished: the events stream open and every container inspected. */
    public boolean awaitSynced(Duration max) throws InterruptedException {
        return reconnector.firstSync.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Why the API cannot be read, in one line; null while connected, and before the first
     * attempt has ended.
     */
    public String problem() {
        return current().connected() ? null : reconnector.problem;
    }

    /** Stops reading and closes the connections; waits at most about two seconds. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            group.next().execute(reconnector::stop);
        } catch (RejectedExecutionException alreadyStopping) {
            // nothing left to stop
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
        if (resolver != null) {
            resolver.close();
        }
    }
}
