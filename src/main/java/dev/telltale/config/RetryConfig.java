package dev.telltale.config;

import java.util.List;
import java.util.Set;

/**
 * Retry policy. {@code on} holds failure names of PRODUCT.md §4; only the classes where the
 * request never reached the application, or a keep-alive race, may be listed.
 */
public record RetryConfig(int attempts, List<String> on) {

    /** The failures a retry may be configured for; a test keeps these in step with the failure enum. */
    public static final Set<String> RETRYABLE = Set.of(
            "connection_refused", "connection_timeout", "dns_error", "dns_timeout",
            "destination_ip_unroutable", "stale_connection", "connection_limit_reached");

    public static final RetryConfig DEFAULTS = new RetryConfig(2,
            List.of("connection_refused", "connection_timeout", "dns_error", "stale_connection"));

    public RetryConfig {
        on = List.copyOf(on);
    }

    public boolean retriesOn(String failure) {
        return on.contains(failure);
    }
}
