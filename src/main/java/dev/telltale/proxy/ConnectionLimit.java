package dev.telltale.proxy;

import io.netty.channel.Channel;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code listen.max_connections}: counts the open client connections across every event loop.
 * A connection beyond the limit is still accepted, so that its request can be answered with a
 * clean 503 and a log line rather than a reset; it counts until it closes.
 */
final class ConnectionLimit {

    private final AtomicInteger open = new AtomicInteger();

    /** Counts {@code client} until it closes; true when it is within {@code max}. */
    boolean admit(Channel client, int max) {
        int now = open.incrementAndGet();
        client.closeFuture().addListener(closed -> open.decrementAndGet());
        return now <= max;
    }

    int open() {
        return open.get();
    }
}
