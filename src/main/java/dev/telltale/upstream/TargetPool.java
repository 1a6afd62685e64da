package dev.telltale.upstream;

import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.PromiseCombiner;

import java.util.ArrayDeque;
import java.util.Iterator;

/** Idle connections to one target on one event loop. No locks: only that loop touches it. */
final class TargetPool {

    private final ArrayDeque<UpstreamConnection> idle = new ArrayDeque<>();

    /**
     * The most recently used live connection, so that surplus ones age out. For a request that
     * cannot be sent again ({@code replayable} false) none that idled close to the target's limit:
     * those stay for requests a race would only cost a retry.
     */
    UpstreamConnection poll(long nowNanos, boolean replayable) {
        UpstreamConnection connection;
        while ((connection = idle.peekLast()) != null) {
            if (connection.channel().isActive() && connection.fresh(nowNanos, true)) {
                if (!replayable && !connection.fresh(nowNanos, false)) {
                    return null; // the most recent one is the freshest: a new connection it is
                }
                idle.pollLast();
                connection.reuse(nowNanos);
                return connection;
            }
            idle.pollLast();
            connection.markBusy();
            connection.channel().close();
        }
        return null;
    }

    /** The connection was marked idle with its deadlines. */
    void offer(UpstreamConnection connection) {
        idle.addLast(connection);
    }

    /** A connection that closed while idle leaves the pool. */
    void remove(UpstreamConnection connection) {
        if (connection.idle()) {
            idle.remove(connection);
            connection.markBusy();
        }
    }

    /** Closes connections idle past their deadline. */
    void evictExpired(long nowNanos) {
        for (Iterator<UpstreamConnection> it = idle.iterator(); it.hasNext(); ) {
            UpstreamConnection connection = it.next();
            if (!connection.fresh(nowNanos, true)) {
                it.remove();
                connection.markBusy();
                connection.channel().close();
            }
        }
    }

    void closeAll() {
        closeAll(null);
    }

    /** Closes every idle connection; {@code closes}, when given, hears as each has closed. */
    void closeAll(PromiseCombiner closes) {
        UpstreamConnection connection;
        while ((connection = idle.pollFirst()) != null) {
            connection.markBusy();
            ChannelFuture closed = connection.channel().close();
            if (closes != null) {
                closes.add(closed);
            }
        }
    }

    int idleCount() {
        return idle.size();
    }
}
