package dev.telltale.config;

import java.util.List;

/** A named group of targets. {@code healthCheck} and {@code outlier} are null when not configured. */
public record UpstreamConfig(
        String name,
        List<TargetAddress> targets,
        Balance balance,
        UpstreamTlsConfig tls,
        PoolConfig pool,
        HealthCheckConfig healthCheck,
        OutlierConfig outlier) {

    public UpstreamConfig {
        targets = List.copyOf(targets);
    }
}
