package dev.telltale.accesslog;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.telltale.HotPathBenchmark;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;

/**
 * One access-log line as JSON, as the log's writer thread makes it: a relayed page load, and a
 * 502 after two retries, appended by one long-lived generator, as the writer's is, to the same
 * 64 KiB buffer the writer uses, in front of an output that discards.
 */
public class AccessLogEncoderBenchmark extends HotPathBenchmark {

    private static final String CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/124.0.0.0 Safari/537.36";

    private final AccessLogEncoder encoder = new AccessLogEncoder();
    private final OutputStream out = new BufferedOutputStream(OutputStream.nullOutputStream(), 64 * 1024);
    private JsonGenerator lines;
    private AccessLogEntry success;
    private AccessLogEntry refusedWithRetries;

    @Setup
    public void setUp() throws IOException {
        lines = encoder.lineGenerator(out);
        success = request("0k5v9x3m7q2c8h4w6r1t")
                .route("shop").upstream("shop-app").target("10.0.0.1:8080")
                .status(200).upstreamStatus(200).origin(Origin.UPSTREAM).attempts(1)
                .bytesOut(5120).ttfbMs(3L).durationMs(4)
                .build();
        refusedWithRetries = request("9d2f6j1n5b8s3z7k4p0y")
                .route("shop").upstream("shop-app").target("10.0.0.3:8080")
                .status(502).origin(Origin.PROXY).attempts(3)
                .failure("connection_refused").failureDetail("connect to 10.0.0.3:8080 refused")
                .addRetry("10.0.0.1:8080", "connection_refused").addRetry("10.0.0.2:8080", "connection_refused")
                .durationMs(2)
                .build();
    }

    @Benchmark
    public void success() throws IOException {
        encoder.writeLine(success, lines);
    }

    @Benchmark
    public void refusedWithRetries() throws IOException {
        encoder.writeLine(refusedWithRetries, lines);
    }

    private static AccessLogEntry.Builder request(String requestId) {
        return AccessLogEntry.builder()
                .ts(Instant.parse("2026-11-23T14:02:11.042Z")).requestId(requestId)
                .trace(0x0af7651916cd43ddL, 0x8448eb211c80319cL, 0xb7ad6b7169203331L, 0, true).client("203.0.113.7")
                .method("GET").host("shop.example").path("/cart/items?ref=nav").userAgent(CHROME);
    }
}
