package dev.telltale.upstream;

import java.time.Duration;

/**
 * What one connection attempt needs from the route and upstream that asked for it. The
 * {@code *Key} fields name the YAML setting that applied, e.g. {@code routes[api].timeouts.connect}.
 */
public record ConnectSettings(
        Duration connectTimeout,
        String connectTimeoutKey,
        Duration tlsHandshakeTimeout,
        String tlsHandshakeTimeoutKey,
        int maxResponseHeaderBytes,
        int maxConnections,
        String maxConnectionsKey) {
}
