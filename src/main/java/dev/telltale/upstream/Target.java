package dev.telltale.upstream;

import dev.telltale.config.TargetAddress;

import java.util.concurrent.atomic.AtomicInteger;

/** One target of an upstream with the counters shared by every event loop. */
public final class Target {

    private final TargetAddress address;
    private final UpstreamTls tls;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger openConnections = new AtomicInteger();

    public Target(TargetAddress address) {
        this(address, null);
    }

    Target(TargetAddress address, UpstreamTls tls) {
        this.address = address;
        this.tls = tls;
    }

    public TargetAddress address() {
        return address;
    }

    /** How connections to this target speak TLS; null for plain TCP. */
    UpstreamTls tls() {
        return tls;
    }

    /** Requests currently using this target; least_request balancing reads it. */
    public int inFlight() {
        return inFlight.get();
    }

    void requestStarted() {
        inFlight.incrementAndGet();
    }

    void requestEnded() {
        inFlight.decrementAndGet();
    }

    /** Reserves a connection slot under {@code max}; false when the cap is reached. */
    boolean tryReserveConnection(int max) {
        while (true) {
            int open = openConnections.get();
            if (open >= max) {
                return false;
            }
            if (openConnections.compareAndSet(open, open + 1)) {
                return true;
            }
        }
    }

    void connectionClosed() {
        openConnections.decrementAndGet();
    }

    public int openConnections() {
        return openConnections.get();
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
