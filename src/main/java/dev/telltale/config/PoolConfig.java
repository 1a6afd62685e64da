package dev.telltale.config;

import java.time.Duration;

/** Upstream connection pool: a cap per target, and how long an idle connection is kept. */
public record PoolConfig(int maxConnections, Duration idleTimeout) {

    public static final PoolConfig DEFAULTS = new PoolConfig(512, Duration.ofSeconds(50));
}
