package dev.telltale.proxy;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Graceful shutdown: once draining, no connection is kept alive after its current exchange,
 * idle connections close at once, and the server waits for the exchanges in flight to finish.
 */
final class Drain {

    /** Sent down every client pipeline when draining starts. */
    static final Object STARTED = new Object();

    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ChannelGroup clients = new DefaultChannelGroup("telltale-clients", GlobalEventExecutor.INSTANCE);

    boolean draining() {
        return draining.get();
    }

    void track(Channel client) {
        clients.add(client);
    }

    void exchangeStarted() {
        inFlight.incrementAndGet();
    }

    void exchangeEnded() {
        inFlight.decrementAndGet();
    }

    int inFlight() {
        return inFlight.get();
    }

    void start() {
        if (draining.compareAndSet(false, true)) {
            for (Channel client : clients) {
                client.pipeline().fireUserEventTriggered(STARTED);
            }
        }
    }

    /** Waits until no exchange is in flight, at most {@code grace}; true when all finished. */
    boolean awaitIdle(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
        }
        return inFlight.get() == 0;
    }

    void closeAll() {
        clients.close().awaitUninterruptibly(2000);
    }
}
