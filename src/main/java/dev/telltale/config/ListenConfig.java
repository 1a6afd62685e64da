package dev.telltale.config;

import java.time.Duration;

/**
 * The client-facing listener. {@code port} 0 picks a free port. {@code tls} is null for plain HTTP.
 * {@code http2} says where HTTP/2 is spoken beside HTTP/1.1.
 */
public record ListenConfig(
        String address,
        int port,
        ListenTlsConfig tls,
        Duration clientHeaderTimeout,
        Duration keepaliveTimeout,
        int maxConnections,
        long maxRequestHeaderBytes,
        long maxRequestBodyBytes,
        ListenHttp2Config http2) {

    public static final ListenConfig DEFAULTS = new ListenConfig("0.0.0.0", 8080, null,
            Duration.ofSeconds(10), Duration.ofSeconds(75), 10_000, 16 * Sizes.KIB, 100 * Sizes.MIB,
            ListenHttp2Config.DEFAULTS);
}
