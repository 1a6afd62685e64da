package dev.telltale.config;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Retry policy. {@code on} holds failure names ({@link dev.telltale.failure.Failure}); only the classes where the
 * request never reached the application, or a keep-alive race, may be listed. The hold keeps a
 * request whose bytes never reached an upstream waiting, for at most {@code hold}, while the
 * upstream restarts; {@code holdMaxRequests} caps how many wait per upstream, and a request
 * whose body the proxy would have to keep more than {@code holdMaxBodyBytes} of is not held.
 */
public record RetryConfig(int attempts, List<String> on, Duration hold, int holdMaxRequests, long holdMaxBodyBytes) {

    /** The failures a retry may be configured for; a test keeps these in step with the failure enum. */
    public static final Set<String> RETRYABLE = Set.of(
            "connection_refused", "connection_timeout", "dns_error", "dns_timeout",
            "destination_ip_unroutable", "stale_connection", "connection_limit_reached");

    /** The failures a hold waits out: the app is not there (yet), and no request byte reached it. */
    public static final Set<String> HOLDABLE = Set.of(
            "connection_refused", "connection_timeout", "dns_error", "dns_timeout", "destination_unavailable");

    public static final int DEFAULT_HOLD_MAX_REQUESTS = 256;
    public static final long DEFAULT_HOLD_MAX_BODY_BYTES = 64 * 1024;

    public static final RetryConfig DEFAULTS = new RetryConfig(2,
            List.of("connection_refused", "connection_timeout", "dns_error", "stale_connection"),
            Duration.ZERO, DEFAULT_HOLD_MAX_REQUESTS, DEFAULT_HOLD_MAX_BODY_BYTES);

    public RetryConfig {
        on = List.copyOf(on);
    }

    /** A policy without a hold. */
    public RetryConfig(int attempts, List<String> on) {
        this(attempts, on, Duration.ZERO, DEFAULT_HOLD_MAX_REQUESTS, DEFAULT_HOLD_MAX_BODY_BYTES);
    }

    public boolean retriesOn(String failure) {
        return on.contains(failure);
    }

    public boolean holds() {
        return !hold.isZero();
    }
}
