package dev.telltale.config;

import java.time.Duration;

/** Active health checking of an upstream's targets. */
public record HealthCheckConfig(
        String path,
        Duration interval,
        Duration timeout,
        int healthyThreshold,
        int unhealthyThreshold) {
}
