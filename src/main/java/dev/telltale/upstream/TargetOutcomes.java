package dev.telltale.upstream;

import dev.telltale.failure.ExchangeFailure;

/**
 * Keeps, on each target, what the exchanges heard of it: the run of consecutive failures, the
 * recent failures the status page shows ({@link FailureHistory}), and passes each outcome on to
 * the target's own listener (passive health). Only failures that count against the target count.
 */
final class TargetOutcomes implements ExchangeListener {

    static final TargetOutcomes INSTANCE = new TargetOutcomes();

    private TargetOutcomes() {
    }

    @Override
    public void headReceived(Target target, int status) {
        // A protocol switch is not counted, as before: what the tunnel does next is not an HTTP answer.
        if (status != 101) {
            target.attemptSucceeded(status);
        }
    }

    @Override
    public void attemptFailed(Target target, ExchangeFailure failure) {
        if (target != null && failure.failure().countsAgainstTarget()) {
            target.attemptFailed(failure);
        }
    }
}
