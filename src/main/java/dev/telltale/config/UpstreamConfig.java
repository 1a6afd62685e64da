package dev.telltale.config;

import java.util.List;

/**
 * A named group of targets. {@code healthCheck} and {@code outlier} are null when not configured;
 * {@code protocol} is what the targets speak.
 */
public record UpstreamConfig(
        String name,
        List<TargetAddress> targets,
        Balance balance,
        UpstreamTlsConfig tls,
        PoolConfig pool,
        HealthCheckConfig healthCheck,
        OutlierConfig outlier,
        UpstreamProtocol protocol) {

    public UpstreamConfig {
        targets = List.copyOf(targets);
    }

    /** An HTTP/1.1 upstream. */
    public UpstreamConfig(String name, List<TargetAddress> targets, Balance balance, UpstreamTlsConfig tls,
                          PoolConfig pool, HealthCheckConfig healthCheck, OutlierConfig outlier) {
        this(name, targets, balance, tls, pool, healthCheck, outlier, UpstreamProtocol.HTTP1);
    }
}
