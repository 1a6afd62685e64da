package dev.telltale.failure;

/** Carries an {@link ExchangeFailure} through a failed future; no stack trace, it is not a bug. */
public final class ExchangeFailureException extends Exception {

    private final transient ExchangeFailure failure;

    public ExchangeFailureException(ExchangeFailure failure) {
        super(failure.failure().wireName() + ": " + failure.detail(), null, false, false);
        this.failure = failure;
    }

    public ExchangeFailure failure() {
        return failure;
    }
}
