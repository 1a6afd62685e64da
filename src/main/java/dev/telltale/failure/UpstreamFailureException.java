package dev.telltale.failure;

/** Carries an {@link UpstreamFailure} through a failed future; no stack trace, it is not a bug. */
public final class UpstreamFailureException extends Exception {

    private final transient UpstreamFailure failure;

    public UpstreamFailureException(UpstreamFailure failure) {
        super(failure.failure().wireName() + ": " + failure.detail(), null, false, false);
        this.failure = failure;
    }

    public UpstreamFailure failure() {
        return failure;
    }
}
