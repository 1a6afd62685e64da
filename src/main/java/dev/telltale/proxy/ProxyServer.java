package dev.telltale.proxy;

import dev.telltale.accesslog.AccessLog;
import dev.telltale.config.ProxyConfig;
import dev.telltale.container.ContainerView;
import dev.telltale.diagnostics.ErrorBody;
import dev.telltale.diagnostics.IncidentStore;
import dev.telltale.tls.ListenerTls;
import dev.telltale.upstream.ConnectionPools;
import dev.telltale.upstream.ExchangeListener;
import dev.telltale.upstream.ExchangeListeners;
import dev.telltale.upstream.Resolvers;
import dev.telltale.upstream.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;

import dev.telltale.upstream.Target;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** The client-facing listener and the event loops that serve it and its upstream connections. */
public final class ProxyServer implements AutoCloseable {

    private final EventLoopGroup group;
    private final AddressResolverGroup<InetSocketAddress> resolvers;
    private final ConnectionPools pools;
    private final AtomicReference<ProxyRuntime> runtime = new AtomicReference<>();
    private final Transport transport;
    private final ByteBufAllocator allocator;
    private Channel listener;
    /** {@code listen.tls}, or null for plain HTTP. */
    private ListenerTls tls;
    private final Drain drain = new Drain();
    private final ConnectionLimit connections = new ConnectionLimit();
    private final ContainerView containers;
    private final ExchangeListeners listeners = ExchangeListeners.withTargetOutcomes();

    private ProxyServer(Options options) {
        this.containers = options.containers();
        this.transport = options.transport();
        int threads = options.threads() > 0 ? options.threads() : Runtime.getRuntime().availableProcessors();
        this.group = transport.newEventLoopGroup(threads, "telltale-io");
        this.resolvers = Resolvers.create(transport, options.nameServers());
        this.allocator = options.allocator();
        this.pools = new ConnectionPools(group, transport, resolvers, allocator);
    }

    /**
     * How the server runs: transport, event loop threads (0 = one per core), DNS servers, buffers,
     * and where container state comes from.
     */
    public record Options(Transport transport, int threads, DnsServerAddressStreamProvider nameServers,
                          ByteBufAllocator allocator, ContainerView containers) {
        public Options(Transport transport, int threads, DnsServerAddressStreamProvider nameServers) {
            // Pooled, not Netty 4.2's adaptive default: about 10% more requests/s on /small here.
            this(transport, threads, nameServers, PooledByteBufAllocator.DEFAULT);
        }

        public Options(Transport transport, int threads, DnsServerAddressStreamProvider nameServers,
                       ByteBufAllocator allocator) {
            this(transport, threads, nameServers, allocator, ContainerView.NONE);
        }

        public Options withContainers(ContainerView view) {
            return new Options(transport, threads, nameServers, allocator, view);
        }

        public static Options defaults() {
            return new Options(Transport.best(), 0, DnsServerAddressStreamProviders.platformDefault());
        }

        public Options withTransport(Transport chosen) {
            return new Options(chosen, threads, nameServers, allocator, containers);
        }
    }

    /** Binds the listener of {@code config}; fails if the address cannot be bound. */
    public static ProxyServer start(ProxyConfig config, AccessLog accessLog, IncidentStore incidents,
                                    Options options) throws InterruptedException {
        ErrorBody.preload();
        ProxyServer server = new ProxyServer(options);
        try {
            server.bind(config, accessLog, incidents);
            return server;
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
    }

    private void bind(ProxyConfig config, AccessLog accessLog, IncidentStore incidents) throws InterruptedException {
        tls = config.listen().tls() == null ? null : ListenerTls.load(config.listen().tls(), config.listen().http2().tls());
        runtime.set(new ProxyRuntime(config, pools, accessLog, incidents, containers, listeners));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.ALLOCATOR, allocator)
                // No TCP_NODELAY option: every transport's channel config sets it on an accepted socket
                // already, and asking again costs a system call per client connection.
                .childOption(ChannelOption.ALLOCATOR, allocator)
                .childHandler(new ClientChannelInitializer(runtime::get, drain, connections, tls));
        listener = bootstrap.bind(config.listen().address(), config.listen().port()).sync().channel();
    }

    /**
     * Serves {@code config} from now on: new exchanges use it, exchanges in flight finish on the
     * config they started with, and the pools of targets that are gone are closed. The listener
     * itself is not rebound (a changed {@code listen} section needs a restart).
     */
    public ProxyRuntime reload(ProxyConfig config, AccessLog accessLog) {
        ProxyRuntime previous = runtime.get();
        ProxyRuntime next = new ProxyRuntime(config, pools, accessLog, previous.incidents(), containers, listeners);
        runtime.set(next);
        List<Target> gone = new ArrayList<>();
        previous.upstreams().values().forEach(upstream -> gone.addAll(upstream.targets()));
        pools.retire(gone);
        return next;
    }

    /** The listener's certificate and its handshakes, or null when it speaks plain HTTP. */
    public ListenerTls tls() {
        return tls;
    }

    /** {@code listener} hears every step of every exchange from now on, across reloads (metrics, say). */
    public void listen(ExchangeListener listener) {
        listeners.add(listener);
    }

    /** The port actually bound (useful when the config asked for port 0). */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    public String transportName() {
        return transport.name();
    }

    public ProxyRuntime runtime() {
        return runtime.get();
    }

    /** The connection pools, for health checks that must reach targets the way requests do. */
    public ConnectionPools pools() {
        return pools;
    }

    /** The event loops, for timers that belong with the traffic they watch. */
    public EventLoopGroup eventLoops() {
        return group;
    }

    /**
     * Stops accepting, lets the exchanges in flight finish within {@code grace} (connections are
     * not kept alive after them; idle ones close now), then closes what is left.
     *
     * @return true when every exchange finished within the grace period
     */
    public boolean drain(Duration grace) throws InterruptedException {
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        drain.start();
        boolean finished = drain.awaitIdle(grace);
        drain.closeAll();
        return finished;
    }

    /** Whether the listener is bound and accepting (false once a drain has closed it). */
    public boolean isListening() {
        return listener != null && listener.isActive();
    }

    public boolean isDraining() {
        return drain.draining();
    }

    /** Exchanges in flight right now. */
    public int inFlight() {
        return drain.inFlight();
    }

    /** Client connections open right now, counted as {@code listen.max_connections} counts them. */
    public int openClientConnections() {
        return connections.open();
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        // Every channel closes while the loops still run: io_uring, stopping with a read in
        // progress, can leave that read's buffer unreleased. Clients first: their exchanges hand
        // their upstream connections back, to be closed with the idle ones.
        drain.closeAll();
        pools.closeIdle();
        // Resolvers first: their datagram channels must close while the loops still run, or
        // io_uring cannot hand back the buffer of the read it had waiting.
        resolvers.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
