package dev.telltale.accesslog;

import java.time.Instant;

/** Entries for the access-log tests. */
final class SampleEntries {

    static final Instant TS = Instant.parse("2026-11-23T14:02:11.042Z");

    private SampleEntries() {
    }

    /** Only the mandatory fields; everything optional left unknown. */
    static AccessLogEntry minimal() {
        return AccessLogEntry.builder().ts(TS).build();
    }

    /** Every field set, including two retries. */
    static AccessLogEntry full(String requestId) {
        return AccessLogEntry.builder()
                .ts(TS)
                .requestId(requestId)
                .trace(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L, 0x00f067aa0ba902b7L, 0, true)
                .client("203.0.113.7")
                .method("GET")
                .host("shop.example")
                .path("/cart?id=1")
                .route("shop")
                .upstream("shop-app")
                .target("10.0.0.3:8080")
                .status(502)
                .upstreamStatus(null)
                .origin(Origin.PROXY)
                .failure("connection_refused")
                .failureDetail("connect to 10.0.0.3:8080 refused")
                .attempts(3)
                .addRetry("10.0.0.1:8080", "connection_timeout")
                .addRetry("10.0.0.2:8080", "connection_refused")
                .bytesIn(120)
                .bytesOut(2048)
                .connectMs(3L)
                .heldMs(1200L)
                .tlsMs(null)
                .ttfbMs(null)
                .durationMs(1502)
                .userAgent("curl/8.5.0")
                .build();
    }
}
