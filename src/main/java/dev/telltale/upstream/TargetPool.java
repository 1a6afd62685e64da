package dev.telltale.upstream;

import java.util.ArrayDeque;
import java.util.Iterator;

/** Idle connections to one target on one event loop. No locks: only that loop touches it. */
final class TargetPool {

    private final ArrayDeque<UpstreamConnection> idle = new ArrayDeque<>();

    /** The most recently used live connection, so that surplus ones age out. */
    UpstreamConnection poll(long nowNanos) {
        UpstreamConnection connection;
        while ((connection = idle.pollLast()) != null) {
            if (connection.channel().isActive() && nowNanos - connection.idleDeadlineNanos() < 0) {
                connection.markBusy();
                return connection;
            }
            connection.markBusy();
            connection.channel().close();
        }
        return null;
    }

    void offer(UpstreamConnection connection, long keepIdleNanos) {
        connection.markIdle(System.nanoTime() + keepIdleNanos);
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
            if (nowNanos - connection.idleDeadlineNanos() >= 0) {
                it.remove();
                connection.markBusy();
                connection.channel().close();
            }
        }
    }

    void closeAll() {
        UpstreamConnection connection;
        while ((connection = idle.pollFirst()) != null) {
            connection.markBusy();
            connection.channel().close();
        }
    }

    int idleCount() {
        return idle.size();
    }
}
