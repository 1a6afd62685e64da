package dev.telltale.config;

import java.time.Duration;

/** Active health checking of an upstream's targets. */
public record HealthCheckConfig(
        String path,
        Duration interval,
        Duration timeout,
        int healthyThreshold,
        int unhealthyThreshold) {

    /** The values of a {@code health_check} section that sets none of its keys ({@code {}}). */
    public static final HealthCheckConfig DEFAULTS =
            new HealthCheckConfig("/health", Duration.ofSeconds(5), Duration.ofSeconds(2), 2, 3);
}
