package dev.telltale.proxy;

import dev.telltale.config.Durations;
import dev.telltale.config.RouteConfig;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.failure.UpstreamFailure;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The route's timeouts for one exchange, kept with a single timer: it fires at the nearest
 * deadline, and either fails the exchange or re-arms for the next one. Reads only move a
 * timestamp, so the hot path schedules nothing.
 */
final class ExchangeDeadlines implements Runnable {

    private static final long NONE = Long.MAX_VALUE;

    private final Exchange exchange;
    private final RouteConfig route;
    private final EventLoop loop;
    private final long startNanos = System.nanoTime();
    private final long totalNanos;
    private final long responseHeaderNanos;
    private final long idleNanos;
    private long requestSentAt = NONE;
    private boolean headReceived;
    private long lastReadAt;
    private boolean readPaused;
    private long writeStalledSince = NONE;
    private ScheduledFuture<?> timer;
    private long timerAt = NONE;
    private boolean cancelled;

    ExchangeDeadlines(Exchange exchange, RouteConfig route, EventLoop loop) {
        this.exchange = exchange;
        this.route = route;
        this.loop = loop;
        this.totalNanos = route.timeouts().total().toNanos();
        this.responseHeaderNanos = route.timeouts().responseHeader().toNanos();
        this.idleNanos = route.timeouts().idle().toNanos();
        arm();
    }

    /** The last request byte was handed to the upstream: time to first byte starts now. */
    void requestSent() {
        requestSentAt = System.nanoTime();
        writeStalledSince = NONE;
        arm();
    }

    void responseHeadReceived() {
        headReceived = true;
        lastReadAt = System.nanoTime();
        arm();
    }

    void responseRead() {
        lastReadAt = System.nanoTime();
    }

    /** The proxy stopped reading because the client is slow: that is not the upstream stalling. */
    void readPaused() {
        readPaused = true;
    }

    void readResumed() {
        readPaused = false;
        lastReadAt = System.nanoTime();
        arm();
    }

    void writeStalled() {
        if (writeStalledSince == NONE) {
            writeStalledSince = System.nanoTime();
            arm();
        }
    }

    void writeResumed() {
        writeStalledSince = NONE;
    }

    long millisSinceRequestSent() {
        long from = requestSentAt == NONE ? startNanos : requestSentAt;
        return (System.nanoTime() - from) / 1_000_000;
    }

    /** A retry starts: the per-attempt deadlines start over; timeouts.total still counts from the request. */
    void newAttempt() {
        requestSentAt = NONE;
        headReceived = false;
        readPaused = false;
        writeStalledSince = NONE;
        arm();
    }

    void cancel() {
        cancelled = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void run() {
        timer = null;
        timerAt = NONE;
        if (cancelled) {
            return;
        }
        long now = System.nanoTime();
        UpstreamFailure expired = expired(now);
        if (expired != null) {
            exchange.onTimeout(expired);
        } else {
            arm();
        }
    }

    private UpstreamFailure expired(long now) {
        if (totalNanos > 0 && now - (startNanos + totalNanos) >= 0) {
            return failure(Failure.HTTP_RESPONSE_TIMEOUT, headReceived ? Phase.RESPONSE_BODY : Phase.RESPONSE_HEAD,
                    "exchange not complete within ", route.timeouts().total(), "timeouts.total");
        }
        if (responseHeaderDeadline() != NONE && now - responseHeaderDeadline() >= 0) {
            return failure(Failure.HTTP_RESPONSE_TIMEOUT, Phase.RESPONSE_HEAD,
                    "no response head within ", route.timeouts().responseHeader(), "timeouts.response_header");
        }
        if (writeDeadline() != NONE && now - writeDeadline() >= 0) {
            return failure(Failure.CONNECTION_WRITE_TIMEOUT, Phase.REQUEST,
                    "upstream stopped reading the request body for ", route.timeouts().idle(), "timeouts.idle");
        }
        if (readDeadline() != NONE && now - readDeadline() >= 0) {
            return failure(Failure.CONNECTION_READ_TIMEOUT, Phase.RESPONSE_BODY,
                    "response stalled: no bytes for ", route.timeouts().idle(), "timeouts.idle");
        }
        return null;
    }

    private UpstreamFailure failure(Failure failure, Phase phase, String what, Duration limit, String setting) {
        String key = route.keyOf(setting);
        return UpstreamFailure.afterSending(failure, phase, what + Durations.format(limit) + " (" + key + ")")
                .withConfigKey(key + " = " + Durations.format(limit));
    }

    private long responseHeaderDeadline() {
        return !headReceived && requestSentAt != NONE && responseHeaderNanos > 0
                ? requestSentAt + responseHeaderNanos : NONE;
    }

    private long readDeadline() {
        return headReceived && !readPaused && idleNanos > 0 ? lastReadAt + idleNanos : NONE;
    }

    private long writeDeadline() {
        return writeStalledSince != NONE && idleNanos > 0 ? writeStalledSince + idleNanos : NONE;
    }

    private long nextDeadline() {
        long next = totalNanos > 0 ? startNanos + totalNanos : NONE;
        next = earliest(next, responseHeaderDeadline());
        next = earliest(next, writeDeadline());
        // Reads only move lastReadAt: a timer that fires and finds progress re-arms from it.
        return earliest(next, readDeadline());
    }

    private static long earliest(long a, long b) {
        if (a == NONE) {
            return b;
        }
        if (b == NONE) {
            return a;
        }
        return a - b <= 0 ? a : b;
    }

    private void arm() {
        if (cancelled) {
            return;
        }
        long next = nextDeadline();
        if (next == NONE || timer != null && timerAt - next <= 0) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        timerAt = next;
        timer = loop.schedule(this, Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
