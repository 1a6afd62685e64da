package dev.telltale.upstream;

import java.time.Duration;

/** What one connection attempt needs from the route and upstream that asked for it. */
public record ConnectSettings(
        Duration connectTimeout,
        String connectTimeoutKey,
        int maxResponseHeaderBytes,
        int maxConnections,
        String maxConnectionsKey) {
}
