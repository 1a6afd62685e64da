package dev.telltale.proxy;

import dev.telltale.config.RetryConfig;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.Failure;

/**
 * When a failed attempt may be tried again, for one exchange: never once a
 * response head went out (the caller checks that); a failure before any request byte left, per
 * {@code retry.on} and {@code retry.attempts}; the keep-alive race once, on a fresh connection,
 * for an idempotent request whose body was not streamed. The same one replay covers a fresh
 * connection the upstream reset before any response byte: both are failures the upstream
 * {@linkplain ExchangeFailure#leftUnread left unread} ({@link dev.telltale.upstream.WireFailures}
 * says which); a request that crashed the app is not sent to it twice.
 */
final class RetryPolicy {

    private final RetryConfig config;
    private final boolean idempotent;
    private boolean staleRetryUsed;

    RetryPolicy(RetryConfig config, boolean idempotent) {
        this.config = config;
        this.idempotent = idempotent;
    }

    boolean allows(ExchangeFailure failure, int attemptsSoFar, boolean bodySent) {
        if (failure.leftUnread()) {
            // The keep-alive race, or a fresh connection reset unread: one replay, bound to stale_connection.
            if (staleRetryUsed || bodySent || !idempotent || !config.retriesOn(Failure.STALE_CONNECTION)) {
                return false;
            }
            staleRetryUsed = true;
            return true;
        }
        if (!config.retriesOn(failure.failure())) {
            return false;
        }
        return !failure.requestSent() && attemptsSoFar < config.attempts();
    }

    /** Whether losing the keep-alive race would cost only a retry: otherwise the request avoids old pooled connections. */
    boolean replaysAfterTheRace() {
        return idempotent && !staleRetryUsed && config.retriesOn(Failure.STALE_CONNECTION);
    }

    /** After the keep-alive race the retry must not take another pooled connection, which may be stale too. */
    boolean wantsFreshConnection() {
        return staleRetryUsed;
    }
}
