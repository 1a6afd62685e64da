package dev.telltale.upstream;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.PromiseCombiner;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The pools of one event loop, and the periodic sweep that retires their expired idle connections. */
final class LoopPools {

    private static final long SWEEP_INTERVAL_MS = 1000;

    private final EventLoop loop;
    private final Transport transport;
    private final ByteBufAllocator allocator;
    private final Map<Target, TargetPool> pools = new HashMap<>();
    /** The HTTP/2 connections of this loop, per target: usually one each. */
    private final Map<Target, List<Http2Session>> sessions = new HashMap<>();
    private boolean sweeping;

    LoopPools(EventLoop loop, Transport transport, ByteBufAllocator allocator) {
        this.loop = loop;
        this.transport = transport;
        this.allocator = allocator;
    }

    EventLoop loop() {
        return loop;
    }

    TargetPool forTarget(Target target) {
        if (!sweeping) {
            sweeping = true;
            loop.scheduleWithFixedDelay(this::sweep, SWEEP_INTERVAL_MS, SWEEP_INTERVAL_MS, TimeUnit.MILLISECONDS);
        }
        return pools.computeIfAbsent(target, t -> new TargetPool());
    }

    /**
     * A new channel for one connection to {@code target}, registered with this loop (on the
     * loop, at once), with the TLS stages in place when the target uses TLS; the returned
     * registration fails only if the loop cannot take the channel. The HTTP stages come later,
     * with {@link #addHttpStages}, once the connection is ready, so a failed connect never builds
     * them. Netty's {@code Bootstrap} is not used: it connects in a task of its own, and it closes
     * a failed channel while the connect is still being failed, which costs an exception with a
     * stack trace per refused connect.
     */
    ChannelFuture newChannel(Target target, ConnectSettings settings, InetAddress remote) {
        Channel channel = transport.newSocketChannel(remote);
        // TCP_NODELAY is already on: both transports' channel configs set it when they are made.
        // SO_KEEPALIVE waits for addHttpStages: a refused connect need not pay its system call.
        channel.config().setAllocator(allocator);
        UpstreamTls tls = target.tls();
        if (tls != null) {
            channel.pipeline().addLast("first-bytes", new FirstBytesHandler())
                    .addLast("tls", tls.newHandler(channel.alloc(), target.address(), settings.tlsHandshakeTimeout()));
        }
        return loop.register(channel);
    }

    /**
     * Adds the HTTP stage after the TLS ones, if any, on a connection that is ready: the handler that
     * reads responses off the bytes. Requests are written as bytes already: no encoder is needed.
     */
    static void addHttpStages(Channel channel, UpstreamHandler handler) {
        channel.config().setOption(ChannelOption.SO_KEEPALIVE, true);
        channel.pipeline().addLast("upstream", handler);
    }

    /** A connection to the HTTP/2 {@code target} that takes another stream, or null. */
    Http2Session sessionWithRoom(Target target) {
        List<Http2Session> open = sessions.get(target);
        if (open != null) {
            for (Http2Session session : open) {
                if (session.takesStreams()) {
                    return session;
                }
            }
        }
        return null;
    }

    void addSession(Target target, Http2Session session) {
        sessions.computeIfAbsent(target, t -> new ArrayList<>(1)).add(session);
    }

    void removeSession(Target target, Http2Session session) {
        List<Http2Session> open = sessions.get(target);
        if (open != null && open.remove(session) && open.isEmpty()) {
            sessions.remove(target);
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Map.Entry<Target, TargetPool> entry : pools.entrySet()) {
            entry.getValue().evictExpired(now);
            entry.getKey().idleCloses().limitNanos(now); // settles a close seen lately, and so tells of it
        }
    }

    void retire(java.util.Collection<Target> targets) {
        for (Target target : targets) {
            List<Http2Session> open = sessions.remove(target);
            if (open != null) {
                List.copyOf(open).forEach(Http2Session::close);
            }
            TargetPool pool = pools.remove(target);
            if (pool != null) {
                pool.closeAll();
            }
        }
    }

    /**
     * Closes the idle connections, HTTP/2 ones that carry no stream among them, and completes
     * {@code closed} once each has closed. On this loop.
     */
    void closeIdle(Promise<Void> closed) {
        PromiseCombiner all = new PromiseCombiner(loop);
        for (TargetPool pool : pools.values()) {
            pool.closeAll(all);
        }
        // Each leaves the map as its connection closes.
        for (List<Http2Session> open : List.copyOf(sessions.values())) {
            for (Http2Session session : List.copyOf(open)) {
                session.closeIfIdle(all);
            }
        }
        all.finish(closed);
    }
}
