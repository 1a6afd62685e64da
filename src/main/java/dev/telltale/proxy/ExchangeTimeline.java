package dev.telltale.proxy;

import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.Phase;
import io.netty.util.concurrent.Ticker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One exchange's passport: its state, every state it entered with the time it entered it, and
 * the attempts that failed. The phase, the timings of the log line, the deadlines, the count of
 * attempts and the incident's list of attempts are all read from here, so they cannot disagree.
 * Touched only on the exchange's event loop.
 */
final class ExchangeTimeline {

    static final long NONE = Long.MAX_VALUE;

    private static final ExchangeState[] BY_ORDINAL = ExchangeState.values();
    /** A stamp is the time since arrival, shifted left, with the state's ordinal in these low bits. */
    private static final int STATE_BITS = 32 - Integer.numberOfLeadingZeros(BY_ORDINAL.length - 1);
    private static final long STATE_MASK = (1L << STATE_BITS) - 1;

    private final Ticker ticker;
    private final long arrivedAt;
    /**
     * The states entered and when, one long each: a request that goes well enters six, and one
     * array of six is the least garbage per request (the time keeps its nanoseconds for 2^58 of them).
     */
    private long[] stamps = new long[6];
    private int size;
    private int attempts;
    private List<FailedAttempt> failed = List.of();

    /** An attempt on {@code target} (as the log names it; null when none was picked) that failed, and when. */
    record FailedAttempt(String target, ExchangeFailure failure, long at) {
    }

    /**
     * Starts in {@link ExchangeState#RECEIVED}, now by {@code ticker}; the request itself arrived
     * {@code arrivedNanosAgo} earlier (a pipelined request waits for the one before it).
     */
    ExchangeTimeline(Ticker ticker, long arrivedNanosAgo) {
        this.ticker = ticker;
        long now = ticker.nanoTime();
        this.arrivedAt = now - Math.max(0, arrivedNanosAgo); // a stamp counts up from it
        stamp(ExchangeState.RECEIVED, now);
    }

    /**
     * The one way the exchange moves on: checks that the move is allowed and stamps it.
     *
     * @throws IllegalStateException for a move the state machine does not have: a bug in the exchange
     */
    void to(ExchangeState next) {
        ExchangeState current = state();
        if (!current.mayMoveTo(next)) {
            throw new IllegalStateException("exchange cannot move from " + current + " to " + next);
        }
        if (next == ExchangeState.CONNECTING) {
            attempts++;
        }
        stamp(next, ticker.nanoTime());
    }

    /** Stamps the failure of the current attempt. */
    void attemptFailed(String target, ExchangeFailure failure) {
        if (failed.isEmpty()) {
            failed = new ArrayList<>(2);
        }
        failed.add(new FailedAttempt(target, failure, ticker.nanoTime()));
    }

    /** The failed attempts stamped so far, oldest first. */
    List<FailedAttempt> failedAttempts() {
        return failed;
    }

    ExchangeState state() {
        return stateAt(size - 1);
    }

    boolean ended() {
        return state() == ExchangeState.ENDED;
    }

    /** The phase a failure now belongs to; once ended, that of the state it ended in. */
    Phase phase() {
        return ended() ? stateAt(size - 2).phase() : state().phase();
    }

    /** Targets tried: each entry into {@link ExchangeState#CONNECTING} is one. */
    int attempts() {
        return attempts;
    }

    /** True when the response head went to the client at some point. */
    boolean headForwarded() {
        for (int i = size - 1; i >= 0; i--) {
            if (stateAt(i).headForwarded()) {
                return true;
            }
        }
        return false;
    }

    long now() {
        return ticker.nanoTime();
    }

    /** When the exchange was made: {@code timeouts.total} counts from here. */
    long createdAt() {
        return timeAt(0);
    }

    /** When the current state was entered. */
    long enteredAt() {
        return timeAt(size - 1);
    }

    /** When the current attempt entered {@code state}, or {@link #NONE} if it has not. */
    long attemptEntered(ExchangeState state) {
        for (int i = size - 1; i >= 0; i--) {
            if (stateAt(i) == state) {
                return timeAt(i);
            }
            if (stateAt(i) == ExchangeState.CONNECTING) {
                return NONE;
            }
        }
        return NONE;
    }

    /** From the start of this attempt's connection (name resolution included) until it was ready. */
    long connectMillis() {
        return millis(attemptEntered(ExchangeState.CONNECTING), attemptEntered(ExchangeState.SENDING));
    }

    /** Time to first byte: from when the whole request was handed over (else from the start) until now. */
    long ttfbMillis() {
        long sent = attemptEntered(ExchangeState.AWAITING_HEAD);
        return millis(sent == NONE ? createdAt() : sent, now());
    }

    /** From the arrival of the request until it ended, or until now while it lasts. */
    long durationMillis() {
        return millis(arrivedAt, ended() ? enteredAt() : now());
    }

    private static long millis(long from, long to) {
        return from == NONE || to == NONE ? 0 : (to - from) / 1_000_000;
    }

    private ExchangeState stateAt(int index) {
        return BY_ORDINAL[(int) (stamps[index] & STATE_MASK)];
    }

    private long timeAt(int index) {
        return arrivedAt + (stamps[index] >>> STATE_BITS);
    }

    private void stamp(ExchangeState state, long nanos) {
        if (size == stamps.length) {
            stamps = Arrays.copyOf(stamps, size * 2);
        }
        stamps[size++] = (nanos - arrivedAt) << STATE_BITS | state.ordinal();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < size; i++) {
            text.append(i == 0 ? "" : " -> ").append(stateAt(i)).append(" +").append(millis(timeAt(0), timeAt(i)))
                    .append("ms");
        }
        return text.toString();
    }
}
