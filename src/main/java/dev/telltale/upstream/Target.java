package dev.telltale.upstream;

import dev.telltale.config.UpstreamProtocol;
import dev.telltale.config.TargetAddress;
import dev.telltale.failure.ExchangeFailure;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** One target of an upstream with the counters shared by every event loop. */
public final class Target {

    private final TargetAddress address;
    /** {@code host:port}, made once: it goes into every access-log line. */
    private final String label;
    private final UpstreamTls tls;
    private final UpstreamProtocol protocol;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicReference<TargetDown> down = new AtomicReference<>();
    private volatile ExchangeListener listener = ExchangeListener.NONE;
    private volatile Runnable backUp = () -> { };
    private final FailureHistory failures = new FailureHistory();
    private final HealthChanges healthChanges = new HealthChanges();
    private final IdleCloses idleCloses = new IdleCloses();
    /** This target alone, as the set an exchange has tried: made once, not per request. */
    private final Set<Target> alone = Set.of(this);

    public Target(TargetAddress address) {
        this(address, null);
    }

    Target(TargetAddress address, UpstreamTls tls) {
        this(address, tls, UpstreamProtocol.HTTP1);
    }

    Target(TargetAddress address, UpstreamTls tls, UpstreamProtocol protocol) {
        this.address = address;
        this.label = address.toString();
        this.tls = tls;
        this.protocol = protocol;
    }

    /** What the target speaks: HTTP/1.1, or HTTP/2 on one multiplexed connection per event loop. */
    public UpstreamProtocol protocol() {
        return protocol;
    }

    /** The set of this target alone: what an exchange has tried after its first attempt. */
    public Set<Target> alone() {
        return alone;
    }

    public TargetAddress address() {
        return address;
    }

    /** How connections to this target speak TLS; null for plain TCP. */
    UpstreamTls tls() {
        return tls;
    }

    /** Recent failed attempts, for the status page. */
    /** Its latest transitions in and out of rotation. */
    public HealthChanges healthChanges() {
        return healthChanges;
    }

    public FailureHistory failures() {
        return failures;
    }

    /** The idle limit it has shown by closing pooled connections. */
    public IdleCloses idleCloses() {
        return idleCloses;
    }

    /** Null while the target is in rotation. */
    public TargetDown down() {
        return down.get();
    }

    /** In rotation: not marked down, or its passive ejection has run out (it may be tried again). */
    public boolean available(long nowNanos) {
        TargetDown current = down.get();
        return current == null || current.expired(nowNanos);
    }

    /**
     * Moves the target from {@code expected} (null = up) to {@code next} (null = up); false when
     * another thread changed it first, so that each transition is logged exactly once.
     */
    public boolean transition(TargetDown expected, TargetDown next) {
        boolean changed = down.compareAndSet(expected, next);
        if (changed) {
            healthChanges.add(new HealthChanges.Change(Instant.now(), next == null,
                    next == null || next.failure() == null ? null : next.failure().wireName()));
        }
        if (changed && next == null) {
            consecutiveFailures.set(0);
            backUp.run();
        }
        return changed;
    }

    /** Runs {@code listener} each time the target comes back into rotation (on the thread that saw it). */
    void whenBackUp(Runnable listener) {
        this.backUp = listener;
    }

    /** Hears how each attempt on this target ends (passive health); null for nobody. */
    public void listener(ExchangeListener listener) {
        this.listener = listener == null ? ExchangeListener.NONE : listener;
    }

    /** An exchange got a final response head ({@code status}) from this target. */
    void attemptSucceeded(int status) {
        consecutiveFailures.set(0);
        listener.headReceived(this, status);
    }

    /** An attempt on this target failed on the upstream side. */
    void attemptFailed(ExchangeFailure failure) {
        failures.record(failure.failure(), failure.detail());
        consecutiveFailures.incrementAndGet();
        listener.attemptFailed(this, failure);
    }

    /** Attempts that failed in a row, counting against the target, since its last answer or return to rotation. */
    public int consecutiveFailures() {
        return consecutiveFailures.get();
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
        return label;
    }
}
