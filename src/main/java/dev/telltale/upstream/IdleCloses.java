package dev.telltale.upstream;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * What one target has shown of its own idle limit: many servers close a keep-alive connection
 * after it idled some seconds and announce nothing (Python's http.server with a timeout, gunicorn,
 * uvicorn). A pooled connection the target closed while it idled shows that limit; once learnt,
 * pooled connections retire a margin before it, so a request never races the close.
 *
 * <p>A restart or shutdown closes every connection at once, whatever its idle age: closes of
 * several connections within {@link #BURST_NANOS} of each other whose ages differ by more than that
 * teach nothing. So an observation counts only once that window has passed without contradiction.
 * Shared by every event loop; lock-free.
 */
public final class IdleCloses {

    public static final long NONE = Long.MAX_VALUE;
    static final long BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long MAX_MARGIN_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** {@code candidate} is an observation still inside its window ({@code NONE} when none). */
    private record State(long learnt, long candidate, long candidateAt, long burstUntil) {
    }

    private final AtomicReference<State> state = new AtomicReference<>(new State(NONE, NONE, 0, 0));
    private volatile LongConsumer onLearnt = limit -> { };

    /** Told of a learnt limit once (and of one much lower again), on the thread that settled it. */
    void whenLearnt(LongConsumer listener) {
        this.onLearnt = listener;
    }

    /** The target closed a pooled connection that had idled {@code idleNanos}. */
    void closedWhileIdle(long idleNanos, long nowNanos) {
        while (true) {
            State current = state.get();
            State s = settle(current, nowNanos);
            State next;
            if (nowNanos - s.burstUntil < 0) {
                next = new State(s.learnt, NONE, 0, nowNanos + BURST_NANOS);
            } else if (s.candidate != NONE && Math.abs(idleNanos - s.candidate) > BURST_NANOS) {
                // Two connections of different ages closed together: a restart, not an idle limit.
                next = new State(s.learnt, NONE, 0, nowNanos + BURST_NANOS);
            } else {
                next = new State(s.learnt, Math.min(idleNanos, s.candidate), nowNanos, s.burstUntil);
            }
            if (commit(current, next)) {
                return;
            }
        }
    }

    /**
     * The limit to keep under, {@link #NONE} until one is seen. An observation still inside its
     * window counts at once (a race costs more than a connection retired early); it is settled,
     * and told of, once the window has passed without a contradiction.
     */
    public long limitNanos(long nowNanos) {
        while (true) {
            State s = state.get();
            State settled = settle(s, nowNanos);
            if (settled == s || commit(s, settled)) {
                return Math.min(settled.learnt, settled.candidate);
            }
        }
    }

    private static State settle(State s, long nowNanos) {
        if (s.candidate == NONE || nowNanos - s.candidateAt < BURST_NANOS) {
            return s;
        }
        return new State(Math.min(s.learnt, s.candidate), NONE, 0, s.burstUntil);
    }

    private boolean commit(State before, State after) {
        if (!state.compareAndSet(before, after)) {
            return false;
        }
        // Told once, and again only if it is lower by more than the margin: one warning, not one a close.
        if (after.learnt != NONE && (before.learnt == NONE || after.learnt < before.learnt - margin(before.learnt))) {
            onLearnt.accept(after.learnt);
        }
        return true;
    }

    /** Kept in hand before a limit, so the proxy retires a connection before the target closes it. */
    public static long margin(long limitNanos) {
        return Math.min(MAX_MARGIN_NANOS, limitNanos / 4);
    }

    /** How long a connection may idle in the pool under {@code limitNanos}; {@link #NONE} for no limit. */
    public static long keep(long limitNanos) {
        return limitNanos == NONE ? NONE : limitNanos - margin(limitNanos);
    }
}
