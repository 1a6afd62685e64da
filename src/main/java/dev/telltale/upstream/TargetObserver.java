package dev.telltale.upstream;

import dev.telltale.failure.Failure;

/** Told how each attempt on a target ended; passive health (outlier ejection) listens here. */
public interface TargetObserver {

    void attemptSucceeded(Target target);

    void attemptFailed(Target target, Failure failure, String detail, int consecutiveFailures);
}
