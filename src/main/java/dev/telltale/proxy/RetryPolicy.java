package dev.telltale.proxy;

import dev.telltale.config.RetryConfig;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.Failure;

/**
 * When a failed attempt may be tried again, for one exchange: never once a
 * response head went out (the caller checks that); a failure before any request byte left, per
 * {@code retry.on} and {@code retry.attempts}; the keep-alive race once, on a fresh connection,
 * for an idempotent request whose body was not streamed. The same one replay covers a fresh
 * connection the upstream reset before any response byte, and one reset as TCP connected, before any
 * request byte (that one for any method): all are failures the upstream
 * {@linkplain ExchangeFailure#leftUnread left unread} ({@link dev.telltale.upstream.WireFailures}
 * says which); a request that crashed the app is not sent to it twice.
 */
final class RetryPolicy {

    // Holds nothing: whether the race's one replay was spent is the exchange's ({@code raceReplayed}).
    private RetryPolicy() {
    }

    /**
     * Whether the failed attempt may be tried again at once, under {@code config} for a request that is
     * {@code idempotent} or not; a failure the upstream left unread is allowed only while
     * {@code raceReplayed} is false, and the caller then spends that one replay.
     */
    static boolean allows(RetryConfig config, boolean idempotent, boolean raceReplayed, ExchangeFailure failure,
                          int attemptsSoFar, boolean bodySent) {
        if (failure.leftUnread()) {
            // The keep-alive race, or a fresh connection reset unread: one replay, bound to stale_connection.
            // A request that never left (a reset as TCP connected) is safe to send again whatever its method.
            boolean safe = idempotent || !failure.requestSent();
            return !raceReplayed && !bodySent && safe && config.retriesOn(Failure.STALE_CONNECTION);
        }
        if (!config.retriesOn(failure.failure())) {
            return false;
        }
        // An HTTP/2 upstream may say it did not process a request whose body it took: without a copy, no retry.
        return !failure.requestSent() && !bodySent && attemptsSoFar < config.attempts();
    }

    /** Whether losing the keep-alive race would cost only a retry: otherwise the request avoids old pooled connections. */
    static boolean replaysAfterTheRace(RetryConfig config, boolean idempotent, boolean raceReplayed) {
        return idempotent && !raceReplayed && config.retriesOn(Failure.STALE_CONNECTION);
    }
}
