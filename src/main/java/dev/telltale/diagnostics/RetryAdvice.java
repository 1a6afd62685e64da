package dev.telltale.diagnostics;

import dev.telltale.container.ContainerFacts;
import dev.telltale.container.ContainerStatus;
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

    /**
     * The same, knowing the app's container: one that is restarting or starting will answer soon;
     * one that was stopped or removed will not come back by waiting five seconds.
     */
    public static OptionalInt seconds(Failure failure, ContainerFacts container) {
        if (container != null && container.cause() != null) {
            if (container.cause().comingBack()) {
                return OptionalInt.of(SECONDS);
            }
            ContainerStatus status = ContainerStatus.parse(container.state());
            if (status != null && status.down()) {
                return OptionalInt.empty();
            }
        }
        return seconds(failure);
    }

    public static OptionalInt seconds(ErrorReport report) {
        return seconds(report.failure(), report.container());
    }
}
