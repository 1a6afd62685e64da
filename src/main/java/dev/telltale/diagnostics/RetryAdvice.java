package dev.telltale.diagnostics;

import dev.telltale.failure.Failure;

import java.util.OptionalInt;

/** When a client should try again: {@code Retry-After} and the page's self-reload, for transient failures only. */
public final class RetryAdvice {

    /** Long enough for an app that is starting to bind its port, short enough that nobody gives up. */
    public static final int SECONDS = 5;

    private RetryAdvice() {
    }

    /** The {@code Retry-After} value in seconds, or empty when waiting would not help. */
    public static OptionalInt seconds(Failure failure) {
        return failure.isTransient() ? OptionalInt.of(SECONDS) : OptionalInt.empty();
    }
}
