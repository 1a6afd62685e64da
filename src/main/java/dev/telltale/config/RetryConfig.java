package dev.telltale.config;

import dev.telltale.failure.Failure;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Retry policy. {@code on} holds the failures a request is tried again after; only those where
 * the request never reached the application, or a keep-alive race, may be listed
 * ({@link Failure#retryable()}). The hold keeps a request whose bytes never reached an upstream
 * waiting, for at most {@code hold}, while the upstream restarts; {@code holdMaxRequests} caps how
 * many wait per upstream, and a request whose body the proxy would have to keep more than
 * {@code holdMaxBodyBytes} of is not held.
 */
public record RetryConfig(int attempts, Set<Failure> on, Duration hold, int holdMaxRequests, long holdMaxBodyBytes) {

    public static final int DEFAULT_HOLD_MAX_REQUESTS = 256;
    public static final long DEFAULT_HOLD_MAX_BODY_BYTES = 64 * 1024;

    public static final RetryConfig DEFAULTS = new RetryConfig(2,
            Arrays.stream(Failure.values()).filter(Failure::retriedByDefault).toList(),
            Duration.ZERO, DEFAULT_HOLD_MAX_REQUESTS, DEFAULT_HOLD_MAX_BODY_BYTES);

    public RetryConfig {
        on = on.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(on));
    }

    public RetryConfig(int attempts, Collection<Failure> on, Duration hold, int holdMaxRequests,
                       long holdMaxBodyBytes) {
        this(attempts, on.isEmpty() ? Set.<Failure>of() : EnumSet.copyOf(on), hold, holdMaxRequests, holdMaxBodyBytes);
    }

    /** A policy without a hold. */
    public RetryConfig(int attempts, Collection<Failure> on) {
        this(attempts, on, Duration.ZERO, DEFAULT_HOLD_MAX_REQUESTS, DEFAULT_HOLD_MAX_BODY_BYTES);
    }

    public boolean retriesOn(Failure failure) {
        return on.contains(failure);
    }

    public boolean holds() {
        return !hold.isZero();
    }
}
