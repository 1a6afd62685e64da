package dev.telltale.proxy;

import dev.telltale.config.RetryConfig;
import dev.telltale.config.Sizes;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.upstream.HoldGate;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The deploy hold of one request ({@code retry.hold}): a request none of whose bytes reached an
 * upstream waits while the app restarts, and is tried again at once when its upstream's
 * {@link HoldGate} is woken (a target back up, a container event), else after a short backoff,
 * until the hold runs out. Lives on the exchange's event loop, like the exchange.
 */
final class DeployHold implements HoldGate.Waiter {

    private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final RetryConfig config;
    private final HoldGate gate;
    private final EventLoop loop;
    private final Runnable retry;
    private long startNanos;
    private long deadlineNanos;
    private long endNanos;
    private long backoffNanos = FIRST_BACKOFF_NANOS;
    private int parks;
    private boolean entered;
    private boolean parked;
    private boolean drained;
    private boolean closed;
    private String refusal;
    private ExchangeFailure waitingOut;
    private ScheduledFuture<?> timer;

    /** {@code retry} runs on {@code loop} when the wait ends. */
    DeployHold(RetryConfig config, HoldGate gate, EventLoop loop, Runnable retry) {
        this.config = config;
        this.gate = gate;
        this.loop = loop;
        this.retry = retry;
    }

    /**
     * Parks the request after {@code failure} when the hold allows it; true when it waits (the
     * retry runs later). False when the failure is not one to wait out, or the hold refused or ran out.
     *
     * @param bodyFits false when the request's body is larger than {@code retry.hold_max_body} (or of unknown
     *                 length) and it did not ask for {@code 100 Continue}: it would be read into the proxy
     */
    boolean park(ExchangeFailure failure, boolean bodySent, boolean bodyFits, boolean draining) {
        if (closed || !failure.failure().holdable() || failure.requestSent()
                || bodySent) {
            return false;
        }
        if (draining) {
            drained = entered;
            refuse("the proxy is shutting down");
            return false;
        }
        long now = System.nanoTime();
        if (!entered) {
            if (!bodyFits) {
                refuse("its body is larger than retry.hold_max_body (" + Sizes.describe(config.holdMaxBodyBytes())
                        + ") or of unknown length, and the client did not ask for 100 Continue");
                return false;
            }
            if (!gate.tryEnter(config.holdMaxRequests())) {
                refuse(config.holdMaxRequests() + " requests were already waiting for this upstream"
                        + " (retry.hold_max_requests)");
                return false;
            }
            entered = true;
            startNanos = now;
            deadlineNanos = now + config.hold().toNanos();
        }
        long left = deadlineNanos - now;
        if (left <= 0) {
            return false;
        }
        parks++;
        parked = true;
        waitingOut = failure;
        gate.park(this);
        timer = loop.schedule(this::resume, Math.min(backoffNanos, left), TimeUnit.NANOSECONDS);
        backoffNanos = Math.min(backoffNanos * 2, MAX_BACKOFF_NANOS);
        return true;
    }

    /** True right after the first wait began: the attempts after it are not listed one by one. */
    boolean firstPark() {
        return parks == 1;
    }

    /** The failure the request waits out. */
    ExchangeFailure waitingOut() {
        return waitingOut;
    }

    /** Draining: a waiting request stops waiting now (the exchange answers it); false when it was not waiting. */
    boolean drain() {
        if (!parked) {
            return false;
        }
        unpark();
        drained = true;
        return true;
    }

    @Override
    public void wake() {
        loop.execute(this::resume);
    }

    private void resume() {
        if (!parked) {
            return; // the timer and a wake-up raced, or the exchange ended meanwhile
        }
        unpark();
        retry.run();
    }

    private void unpark() {
        parked = false;
        gate.unpark(this);
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** The exchange is ending: stop waiting, give back the place, fix how long it was held. Idempotent. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        unpark();
        if (entered) {
            endNanos = System.nanoTime();
            gate.leave();
        }
    }

    /**
     * The exchange gives up after {@code failure}: the hold closes, the record keeps how long it
     * waited and what it did, and a refusal is added to the failure's detail for the log line.
     */
    ExchangeFailure gaveUp(ExchangeFailure failure, ExchangeRecord record) {
        close();
        record.hold(heldMs(), note(failure.failure().holdable()));
        return refusal == null ? failure : failure.withDetail(failure.detail() + "; not held: " + refusal);
    }

    /** The exchange ended, served or not: the hold closes and the log says how long it waited. */
    void ended(ExchangeRecord record) {
        close();
        record.hold(heldMs(), null);
    }

    /**
     * A held request is not read meanwhile, so its body stays with the client, but for one read:
     * a body too large to keep is not held, unless the client waits for 100 Continue before sending it.
     */
    static boolean bodyFits(RequestFacts request, RetryConfig config) {
        // Over HTTP/2, flow control keeps the unread body with the client, whatever its length.
        if (!request.hasBody() || request.expectsContinue() || request.flowControlled()) {
            return true;
        }
        long length = request.head().contentLength();
        return length >= 0 && length <= config.holdMaxBodyBytes();
    }

    /** How long the request was held, null when it never was. */
    Long heldMs() {
        if (!entered) {
            return null;
        }
        long end = closed ? endNanos : System.nanoTime();
        return TimeUnit.NANOSECONDS.toMillis(end - startNanos);
    }

    /**
     * What the hold did, as a sentence for the page and the incident (no address in it); null when
     * it never applied. {@code stillDown} says whether the last failure was one the hold waits out.
     */
    String note(boolean stillDown) {
        if (refusal != null) {
            return "Not held: " + refusal + ".";
        }
        if (!entered) {
            return null;
        }
        String held = "Telltale held this request for " + seconds(heldMs());
        if (drained) {
            return held + " waiting for the application to come back, then answered at once: the proxy is shutting down.";
        }
        if (stillDown) {
            return held + " (retry.hold is " + seconds(config.hold().toMillis()) + ") and tried it " + (parks + 1)
                    + " times, but the application did not come back in time.";
        }
        return held + " until the application could be reached; the attempt after that failed as described here.";
    }

    private void refuse(String why) {
        if (!entered) {
            refusal = why;
        }
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
