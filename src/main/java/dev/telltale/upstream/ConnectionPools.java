package dev.telltale.upstream;

import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.ExchangeFailureException;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Upstream connections, pooled per event loop and per target, so that a client connection and
 * the upstream connection serving it share one thread and need no locks. The per-target cap
 * ({@code pool.max_connections}) is the only state shared across loops, an atomic counter.
 */
public final class ConnectionPools {

    private static final long CLOSE_IDLE_WAIT_MS = 1000;

    private final Map<EventExecutor, LoopPools> byLoop = new IdentityHashMap<>();
    private final AddressResolverGroup<InetSocketAddress> resolvers;

    public ConnectionPools(EventLoopGroup group, Transport transport,
                           AddressResolverGroup<InetSocketAddress> resolvers) {
        this(group, transport, resolvers, PooledByteBufAllocator.DEFAULT);
    }

    public ConnectionPools(EventLoopGroup group, Transport transport,
                           AddressResolverGroup<InetSocketAddress> resolvers, ByteBufAllocator allocator) {
        this.resolvers = resolvers;
        for (EventExecutor executor : group) {
            byLoop.put(executor, new LoopPools((EventLoop) executor, transport, allocator));
        }
    }

    /**
     * A live connection to {@code target}: an idle pooled one if there is one and
     * {@code allowPooled}, else a new one.
     * Must be called on {@code loop}; the future completes there. Fails with an
     * {@link ExchangeFailureException}.
     */
    public Future<UpstreamConnection> acquire(EventLoop loop, Target target, ConnectSettings settings,
                                              boolean allowPooled) {
        return acquire(loop, target, settings, allowPooled, ExchangeListener.NONE);
    }

    /**
     * An idle pooled connection to {@code target}, taken, or null: the usual way a request on a
     * warm proxy gets its connection, without a future. {@code replayable} as for {@link #acquire}.
     */
    public UpstreamConnection pollIdle(EventLoop loop, Target target, boolean replayable) {
        return pools(loop).forTarget(target).poll(System.nanoTime(), replayable);
    }

    private LoopPools pools(EventLoop loop) {
        assert loop.inEventLoop();
        LoopPools pools = byLoop.get(loop);
        if (pools == null) {
            throw new IllegalArgumentException("event loop not served by these pools: " + loop);
        }
        return pools;
    }

    /** As above; {@code steps} hears of each step of a new connection (not of a pooled one). */
    public Future<UpstreamConnection> acquire(EventLoop loop, Target target, ConnectSettings settings,
                                              boolean allowPooled, ExchangeListener steps) {
        return acquire(loop, target, settings, allowPooled, true, steps);
    }

    /**
     * As above, for a request that can ({@code replayable}) or cannot be sent again after the
     * keep-alive race: one that cannot never gets a pooled connection close to the target's idle limit.
     */
    public Future<UpstreamConnection> acquire(EventLoop loop, Target target, ConnectSettings settings,
                                              boolean allowPooled, boolean replayable, ExchangeListener steps) {
        if (target.protocol().http2()) {
            return stream(loop, target, settings, steps);
        }
        UpstreamConnection idle = allowPooled ? pollIdle(loop, target, replayable) : null;
        if (idle != null) {
            return loop.newSucceededFuture(idle);
        }
        LoopPools pools = pools(loop);
        TargetPool pool = pools.forTarget(target);
        if (!target.tryReserveConnection(settings.maxConnections())) {
            return loop.newFailedFuture(limitReached(target, settings));
        }
        Promise<UpstreamConnection> result = loop.newPromise();
        // Opened in a task, after the batch of events this loop is handling: a new socket may take
        // the descriptor number of a connection closed while handling it (one the pool just found
        // too old), and Netty 4.2 hands that batch's later event for the number to the new channel,
        // whose connect then fails with ClosedChannelException.
        try {
            loop.execute(() -> open(loop, pools, pool, target, settings, steps, result));
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            target.connectionClosed();
            return loop.newFailedFuture(shuttingDown);
        }
        return result;
    }

    private void open(EventLoop loop, LoopPools pools, TargetPool pool, Target target, ConnectSettings settings,
                      ExchangeListener steps, Promise<UpstreamConnection> result) {
        if (loop.isShuttingDown()) {
            // Queued before the shutdown began: the resolver is gone, and the promise must not be left open.
            target.connectionClosed();
            result.setFailure(new java.util.concurrent.RejectedExecutionException("the proxy is shutting down"));
            return;
        }
        UpstreamHandler handler = new UpstreamHandler(settings.maxResponseHeaderBytes());
        Future<ConnectAttempt.Connected> connecting = ConnectAttempt.start(loop, resolvers.getResolver(loop),
                remote -> pools.newChannel(target, settings, remote), target, settings, steps);
        connecting.addListener((Future<ConnectAttempt.Connected> done) -> {
            if (!done.isSuccess()) {
                target.connectionClosed();
                result.setFailure(done.cause());
                return;
            }
            Channel channel = done.getNow().channel();
            LoopPools.addHttpStages(channel, handler);
            UpstreamConnection connection = new UpstreamConnection(channel, target, handler, pool,
                    done.getNow().tlsMillis());
            channel.closeFuture().addListener(closed -> {
                target.connectionClosed();
                if (connection.idle()) {
                    // The proxy marks a connection busy before it closes one: this close was the target's.
                    long now = System.nanoTime();
                    target.idleCloses().closedWhileIdle(connection.idleNanos(now), now);
                }
                pool.remove(connection);
            });
            result.setSuccess(connection);
        });
    }

    private static ExchangeFailureException limitReached(Target target, ConnectSettings settings) {
        return new ExchangeFailureException(new ExchangeFailure(Failure.CONNECTION_LIMIT_REACHED, Phase.CONNECT,
                settings.maxConnections() + " connections to " + target + " already open ("
                        + settings.maxConnectionsKey() + ")", false,
                settings.maxConnectionsKey() + " = " + settings.maxConnections()));
    }

    /**
     * A stream to an HTTP/2 target, on this loop's connection to it that has room, or on a new one
     * (which counts against {@code pool.max_connections}); streams wait for a connection being made.
     */
    private Future<UpstreamConnection> stream(EventLoop loop, Target target, ConnectSettings settings,
                                              ExchangeListener steps) {
        LoopPools pools = pools(loop);
        Http2Session session = pools.sessionWithRoom(target);
        if (session == null) {
            if (!target.tryReserveConnection(settings.maxConnections())) {
                return loop.newFailedFuture(limitReached(target, settings));
            }
            Http2Session made = new Http2Session(loop, target);
            pools.addSession(target, made);
            try {
                loop.execute(() -> connect(loop, pools, made, target, settings, steps));
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                target.connectionClosed();
                pools.removeSession(target, made);
                return loop.newFailedFuture(shuttingDown);
            }
            session = made;
        }
        return session.stream(settings.maxResponseHeaderBytes());
    }

    private void connect(EventLoop loop, LoopPools pools, Http2Session session, Target target,
                         ConnectSettings settings, ExchangeListener steps) {
        if (loop.isShuttingDown()) {
            target.connectionClosed();
            pools.removeSession(target, session);
            session.failed(new java.util.concurrent.RejectedExecutionException("the proxy is shutting down"));
            return;
        }
        ConnectAttempt.start(loop, resolvers.getResolver(loop), remote -> pools.newChannel(target, settings, remote),
                target, settings, steps).addListener((Future<ConnectAttempt.Connected> done) -> {
                    if (!done.isSuccess()) {
                        target.connectionClosed();
                        pools.removeSession(target, session);
                        session.failed(done.cause());
                        return;
                    }
                    Channel channel = done.getNow().channel();
                    channel.closeFuture().addListener(closed -> {
                        target.connectionClosed();
                        pools.removeSession(target, session);
                    });
                    ExchangeFailure notHttp2 = Http2Alpn.refusal(channel, target);
                    if (notHttp2 != null) {
                        session.failed(new ExchangeFailureException(notHttp2));
                        channel.close();
                        return;
                    }
                    channel.config().setOption(ChannelOption.SO_KEEPALIVE, true);
                    session.connected(channel, done.getNow().tlsMillis());
                });
    }

    /**
     * Forgets the pools of targets that left the config on a reload: their idle connections
     * close now, connections in use close when their exchange ends.
     */
    public void retire(java.util.Collection<Target> targets) {
        for (LoopPools pools : byLoop.values()) {
            pools.loop().execute(() -> pools.retire(targets));
        }
    }

    /**
     * Closes every idle connection, and returns once they have closed (within a second); connections
     * in use close when their exchange ends. Not from an event loop: it waits for them.
     */
    public void closeIdle() {
        List<Promise<Void>> closing = new ArrayList<>(byLoop.size());
        for (LoopPools pools : byLoop.values()) {
            Promise<Void> closed = pools.loop().newPromise();
            try {
                pools.loop().execute(() -> pools.closeIdle(closed));
                closing.add(closed);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                // That loop is stopping already and closes its connections itself.
            }
        }
        // A loop that stops first closes its connections bare (an HTTP/2 upstream would hear no GOAWAY),
        // and io_uring's, closed as the loop ends, can leave a read's buffer unreleased.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_IDLE_WAIT_MS);
        for (Promise<Void> closed : closing) {
            closed.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }
}
