package dev.telltale.proxy;

import dev.telltale.config.Durations;
import dev.telltale.config.RouteConfig;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;

import java.time.Duration;

/**
 * The route's timeouts for one exchange, kept with a single timer (the connection's
 * {@link DeadlineTimer}): it fires at the nearest deadline or before, and either fails the
 * exchange or re-arms for the next one. Which deadlines apply is read from the exchange's state;
 * reads only move a timestamp, so the hot path schedules nothing.
 */
final class ExchangeDeadlines {

    /** What hears a deadline pass: the exchange itself, so no callback object is made per request. */
    interface Expiry {
        void fail(ExchangeFailure expired);
    }

    private static final long NONE = ExchangeTimeline.NONE;

    private final ExchangeTimeline timeline;
    private final Expiry onExpired;
    private final RouteConfig route;
    private final DeadlineTimer timer;
    /** The gRPC client's own deadline (grpc-timeout), from the exchange's creation; 0 when none. */
    private final long clientDeadlineNanos;
    private long lastReadAt;
    private boolean readPaused;
    private long writeStalledSince = NONE;
    private boolean cancelled;

    ExchangeDeadlines(ExchangeTimeline timeline, RouteConfig route, DeadlineTimer timer, Expiry onExpired) {
        this(timeline, route, timer, onExpired, 0);
    }

    /** As above, with a gRPC client's deadline of {@code clientDeadlineNanos} (0: none) as one more. */
    ExchangeDeadlines(ExchangeTimeline timeline, RouteConfig route, DeadlineTimer timer, Expiry onExpired,
                      long clientDeadlineNanos) {
        this.timeline = timeline;
        this.onExpired = onExpired;
        this.route = route;
        this.timer = timer;
        this.clientDeadlineNanos = clientDeadlineNanos;
        arm();
    }

    /** The exchange moved to {@code state}: the deadlines that apply change with it. */
    void entered(ExchangeState state) {
        switch (state) {
            case CONNECTING, HELD -> {
                // A new attempt, or a wait between two: no read or write of the last one counts.
                readPaused = false;
                writeStalledSince = NONE;
            }
            case RELAYING -> lastReadAt = timeline.enteredAt();
            case ENDED, TUNNEL -> cancel();
            default -> { }
        }
        arm();
    }

    /** The last request byte was handed to the upstream: it is not stalling the request any more. */
    void requestSent() {
        writeStalledSince = NONE;
        arm();
    }

    void responseRead() {
        lastReadAt = timeline.now();
    }

    /** The proxy stopped reading because the client is slow: that is not the upstream stalling. */
    void readPaused() {
        readPaused = true;
    }

    void readResumed() {
        readPaused = false;
        lastReadAt = timeline.now();
        arm();
    }

    void writeStalled() {
        if (writeStalledSince == NONE) {
            writeStalledSince = timeline.now();
            arm();
        }
    }

    void writeResumed() {
        writeStalledSince = NONE;
    }

    void cancel() {
        cancelled = true;
        timer.release(this);
    }

    /** The connection's timer fired: a deadline has passed, or this is early and the timer is set again. */
    void timerFired() {
        if (cancelled) {
            return;
        }
        ExchangeFailure expired = expired(timeline.now());
        if (expired != null) {
            onExpired.fail(expired);
        } else {
            arm();
        }
    }

    private ExchangeFailure expired(long now) {
        if (clientDeadline() != NONE && now - clientDeadline() >= 0) {
            return ExchangeFailure.afterSending(Failure.HTTP_RESPONSE_TIMEOUT,
                    headReceived() ? Phase.RESPONSE_BODY : Phase.RESPONSE_HEAD,
                    "exchange not complete within the client's gRPC deadline (grpc-timeout of "
                            + Durations.format(Duration.ofNanos(clientDeadlineNanos)) + "; the proxy answers "
                            + Durations.format(Duration.ofNanos(GrpcTimeout.marginNanos(clientDeadlineNanos)))
                            + " before it)");
        }
        if (totalNanos() > 0 && now - (timeline.createdAt() + totalNanos()) >= 0) {
            return failure(Failure.HTTP_RESPONSE_TIMEOUT, headReceived() ? Phase.RESPONSE_BODY : Phase.RESPONSE_HEAD,
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

    private ExchangeFailure failure(Failure failure, Phase phase, String what, Duration limit, String setting) {
        String key = route.keyOf(setting);
        return ExchangeFailure.afterSending(failure, phase, what + Durations.format(limit) + " (" + key + ")")
                .withConfigKey(key + " = " + Durations.format(limit));
    }

    private boolean headReceived() {
        return timeline.state().headForwarded();
    }

    /** Only while the whole request is out and no head has come: not while connecting or held. */
    private long responseHeaderDeadline() {
        return timeline.state() == ExchangeState.AWAITING_HEAD && responseHeaderNanos() > 0
                ? timeline.enteredAt() + responseHeaderNanos() : NONE;
    }

    private long readDeadline() {
        return headReceived() && !readPaused && idleNanos() > 0 ? lastReadAt + idleNanos() : NONE;
    }

    private long writeDeadline() {
        return writeStalledSince != NONE && idleNanos() > 0 ? writeStalledSince + idleNanos() : NONE;
    }

    /** When the proxy answers a gRPC client whose deadline is near; NONE without one. */
    private long clientDeadline() {
        return clientDeadlineNanos > 0
                ? timeline.createdAt() + clientDeadlineNanos - GrpcTimeout.marginNanos(clientDeadlineNanos) : NONE;
    }

    private long nextDeadline() {
        long next = earliest(totalNanos() > 0 ? timeline.createdAt() + totalNanos() : NONE, clientDeadline());
        next = earliest(next, responseHeaderDeadline());
        next = earliest(next, writeDeadline());
        // Reads only move lastReadAt: a timer that fires and finds progress re-arms from it.
        return earliest(next, readDeadline());
    }

    // Read from the route each time rather than kept: three longs were 24 bytes per request.
    private long totalNanos() {
        return route.timeouts().total().toNanos();
    }

    private long responseHeaderNanos() {
        return route.timeouts().responseHeader().toNanos();
    }

    private long idleNanos() {
        return route.timeouts().idle().toNanos();
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
        if (next != NONE) {
            timer.fireBy(this, next, timeline.now());
        }
    }
}
