package dev.telltale.proxy;

import com.sun.net.httpserver.HttpServer;
import dev.telltale.testing.ProxyProcess;
import dev.telltale.testing.RawHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 200 MiB through a proxy process whose heap (64 MiB) and direct memory (32 MiB) are far
 * smaller than the body, with the receiving side stalled at first: the transfer can only
 * succeed if the proxy streams with backpressure instead of holding the body.
 */
@Tag("process")
class LargeBodyStreamingTest {

    private static final long SIZE = 200L * 1024 * 1024;
    private static final int STALL_MS = 2000;
    private static final long MAX_PEAK_RSS_KIB = 300 * 1024;

    @TempDir
    static Path dir;
    private static HttpServer upstream;
    private static ProxyProcess proxy;
    private static int proxyPort;

    @BeforeAll
    static void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        upstream.setExecutor(Executors.newCachedThreadPool());
        upstream.createContext("/download", exchange -> {
            exchange.sendResponseHeaders(200, SIZE);
            try (OutputStream out = exchange.getResponseBody()) {
                writePattern(out, SIZE);
            }
        });
        upstream.createContext("/upload", exchange -> {
            sleep(STALL_MS);
            CRC32 crc = new CRC32();
            long count = 0;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = exchange.getRequestBody()) {
                int read;
                while ((read = in.read(buffer)) != -1) {
                    crc.update(buffer, 0, read);
                    count += read;
                }
            }
            byte[] answer = (count + " " + crc.getValue()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        upstream.start();
        Path config = dir.resolve("proxy.yaml");
        Files.writeString(config, """
                upstreams:
                  app: { targets: ["127.0.0.1:%d"] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app }
                listen: { address: 127.0.0.1, port: 0, max_request_body_bytes: 0 }
                admin: { port: 0 }
                access_log: { target: "%s" }
                """.formatted(upstream.getAddress().getPort(), dir.resolve("access.log")));
        proxy = ProxyProcess.start(config, "-Xmx64m", "-XX:MaxDirectMemorySize=32m", "-XX:+UseSerialGC");
        proxyPort = proxy.awaitPort();
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.stderr().forEach(line -> System.err.println("proxy: " + line));
            proxy.close();
        }
        if (upstream != null) {
            upstream.stop(0);
        }
    }

    @Test
    void downloadOf200MiBStreamsToAStalledClientWithBoundedMemory() throws Exception {
        try (RawHttpClient client = new RawHttpClient(proxyPort)) {
            client.send("GET /download HTTP/1.1\r\nHost: a\r\n\r\n");
            sleep(STALL_MS);
            InputStream in = client.input();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200").contains("content-length: " + SIZE);
            CRC32 crc = new CRC32();
            long count = 0;
            byte[] buffer = new byte[64 * 1024];
            while (count < SIZE) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, SIZE - count));
                assertThat(read).as("body ended early at " + count).isPositive();
                crc.update(buffer, 0, read);
                count += read;
            }
            assertThat(crc.getValue()).isEqualTo(patternCrc(SIZE));
        }
        assertThat(proxy.isAlive()).as("proxy stderr: " + proxy.stderr()).isTrue();
        assertThat(proxy.peakRssKib()).isLessThan(MAX_PEAK_RSS_KIB);
        assertThat(awaitLogLine("/download")).contains("\"status\":200").contains("\"bytes_out\":" + SIZE);
    }

    @Test
    void uploadOf200MiBStreamsToAStalledUpstreamWithBoundedMemory() throws Exception {
        try (RawHttpClient client = new RawHttpClient(proxyPort)) {
            client.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + SIZE + "\r\n\r\n");
            writePattern(client.output(), SIZE);
            RawHttpClient.RawResponse response = client.read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo(SIZE + " " + patternCrc(SIZE));
        }
        assertThat(awaitLogLine("/upload")).contains("\"status\":200").contains("\"bytes_in\":" + SIZE);
        assertThat(proxy.isAlive()).as("proxy stderr: " + proxy.stderr()).isTrue();
        assertThat(proxy.peakRssKib()).isLessThan(MAX_PEAK_RSS_KIB);
    }

    /** The access-log line the proxy process wrote to its file for {@code path}. */
    private static String awaitLogLine(String path) throws Exception {
        Path log = dir.resolve("access.log");
        for (int i = 0; i < 100; i++) {
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log)) {
                    if (line.contains("\"path\":\"" + path + "\"")) {
                        return line;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no access-log line for " + path);
    }

    private static String readHead(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).isNotEqualTo(-1);
            head.append((char) b);
        }
        return head.toString().toLowerCase(java.util.Locale.ROOT).replace("http/1.1", "HTTP/1.1");
    }

    private static void writePattern(OutputStream out, long size) throws java.io.IOException {
        byte[] block = patternBlock();
        long written = 0;
        while (written < size) {
            int n = (int) Math.min(block.length, size - written);
            out.write(block, 0, n);
            written += n;
        }
        out.flush();
    }

    private static long patternCrc(long size) {
        byte[] block = patternBlock();
        CRC32 crc = new CRC32();
        long done = 0;
        while (done < size) {
            int n = (int) Math.min(block.length, size - done);
            crc.update(block, 0, n);
            done += n;
        }
        return crc.getValue();
    }

    private static byte[] patternBlock() {
        byte[] block = new byte[64 * 1024 + 7];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) (i * 31 + (i >>> 7));
        }
        return block;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
