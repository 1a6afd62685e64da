package dev.telltale.proxy;

import dev.telltale.config.RetryConfig;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.Failure;

/**
 * When a failed attempt may be tried again, for one exchange: never once a
 * response head went out (the caller checks that); a failure before any request byte left, per
 * {@code retry.on} and {@code retry.attempts}; the keep-alive race once, on a fresh connection,
 * for an idempotent request whose body was not streamed. The same one replay covers a fresh
 * connection the upstream resets before any response byte: a reset (not a FIN) means it closed
 * with the request still unread, as an app that stops listening does to the connections still
 * queued for it. A close after reading the request is a FIN, and is not replayed: a request
 * that crashes the app is not sent to it twice.
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
        if (!config.retriesOn(failure.failure())) {
            return false;
        }
        if (failure.failure() == Failure.STALE_CONNECTION) {
            if (staleRetryUsed || bodySent || !idempotent) {
                return false;
            }
            staleRetryUsed = true;
            return true;
        }
        return !failure.requestSent() && attemptsSoFar < config.attempts();
    }

    /** After the upstream reset a fresh connection before any response byte (see above). */
    boolean allowsAfterUnreadReset(boolean bodySent) {
        if (staleRetryUsed || bodySent || !idempotent || !config.retriesOn(Failure.STALE_CONNECTION)) {
            return false;
        }
        staleRetryUsed = true;
        return true;
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
