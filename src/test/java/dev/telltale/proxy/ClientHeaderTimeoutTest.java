package dev.telltale.proxy;

import org.junit.jupiter.api.Tag;
import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.testing.RecordingUpstream;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static dev.telltale.testing.Transports.TRANSPORTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code listen.client_header_timeout} over real sockets: a head that does not arrive in time
 * gets 408 and a log line, a connection that never sends a byte is closed without either, and
 * neither the wait between keep-alive requests nor a slow body counts against it.
 */
@Tag("socket")
class ClientHeaderTimeoutTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final long TIMEOUT_MS = 400;

    private static ProxyHarness proxy(Transport transport, RecordingUpstream app) throws Exception {
        return ProxyHarness.startWhole(transport, """
                listen:
                  address: 127.0.0.1
                  port: 0
                  client_header_timeout: %dms
                upstreams:
                  app: { targets: [ "%s" ] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app }
                """.formatted(TIMEOUT_MS, app.target()));
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aHeadLeftUnfinishedGets408AndALogLineThenTheConnectionCloses(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = proxy(transport, app);
             RawHttpClient client = proxy.client()) {
            long start = System.nanoTime();
            client.send("GET /slow HTTP/1.1\r\nHost: example.test\r\n");

            RawResponse response = client.read();
            long waitedMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(response.status()).isEqualTo(408);
            assertThat(waitedMs).isGreaterThanOrEqualTo(TIMEOUT_MS - 50);
            assertThat(response.header("proxy-status")).startsWith("telltale; error=http_request_timeout");
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(response.bodyText()).contains("listen.client_header_timeout = 400ms");
            assertThat(client.closedByPeer()).isTrue();
            assertThat(app.received()).isEmpty();

            JsonNode line = proxy.log().awaitFirstEntry(WAIT);
            assertThat(line.get("request_id").asText()).isEqualTo(response.header("x-request-id"));
            assertThat(line.get("status").asInt()).isEqualTo(408);
            assertThat(line.get("failure").asText()).isEqualTo("http_request_timeout");
            assertThat(line.get("failure_detail").asText())
                    .isEqualTo("request head not complete within listen.client_header_timeout = 400ms");
            assertThat(line.get("origin").asText()).isEqualTo("proxy");
            assertThat(line.get("client").asText()).isEqualTo("127.0.0.1");
            assertThat(line.get("method").isNull()).isTrue();
            assertThat(line.get("duration_ms").asLong()).isGreaterThanOrEqualTo(TIMEOUT_MS - 50);
            assertThat(proxy.incidents().find(response.header("x-request-id"))).isPresent();
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aHeadDribbledAByteAtATimeStillGets408InTime(Transport transport) throws Exception {
        // Slowloris: every byte arrives well within any idle limit, but the head never completes in time.
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = proxy(transport, app);
             RawHttpClient client = proxy.client()) {
            Thread dribbler = new Thread(() -> {
                try {
                    OutputStream out = client.output();
                    for (byte b : "GET / HTTP/1.1\r\nHost: a\r\nX-Pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                            .getBytes(StandardCharsets.US_ASCII)) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(50);
                    }
                } catch (Exception closed) {
                    // the proxy closed the connection: what the test waits for
                }
            });
            long start = System.nanoTime();
            dribbler.start();

            RawResponse response = client.read();
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            dribbler.join(10_000);

            assertThat(response.status()).isEqualTo(408);
            // The dribble would take about 2.4 s; the answer came at the timeout, not at its end.
            assertThat(waitedMs).isBetween(TIMEOUT_MS - 50, 2000L);
            assertThat(proxy.log().awaitFirstEntry(WAIT).get("failure").asText()).isEqualTo("http_request_timeout");
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aConnectionThatSendsNothingIsClosedWithoutAnAnswerOrALogLine(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = proxy(transport, app);
             RawHttpClient client = proxy.client()) {
            long start = System.nanoTime();

            assertThat(client.closedByPeer()).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(TIMEOUT_MS - 50);
            // A later request on another connection is logged alone: the silent one left no line.
            try (RawHttpClient other = proxy.client()) {
                assertThat(other.exchange("GET /after HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(200);
            }
            JsonNode only = proxy.log().awaitFirstEntry(WAIT);
            assertThat(only.get("path").asText()).isEqualTo("/after");
            assertThat(proxy.log().lines()).hasSize(1);
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void theWaitBetweenKeepAliveRequestsAndASlowBodyDoNotCount(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = proxy(transport, app);
             RawHttpClient client = proxy.client()) {
            assertThat(client.exchange("GET /first HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(200);
            Thread.sleep(TIMEOUT_MS * 2);
            assertThat(client.exchange("GET /second HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(200);

            client.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nab");
            Thread.sleep(TIMEOUT_MS * 2);
            RawResponse upload = client.send("cde").read();

            assertThat(upload.status()).isEqualTo(200);
            assertThat(new String(app.last().body(), StandardCharsets.US_ASCII)).isEqualTo("abcde");
            assertThat(proxy.log().awaitEntries(3, WAIT)).extracting(line -> line.get("status").asInt())
                    .containsExactly(200, 200, 200);
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aPipelinedHeadLeftUnfinishedGets408CountedFromTheAnswerBeforeIt(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = proxy(transport, app);
             RawHttpClient client = proxy.client()) {
            // The second head's start comes with the first request, then the client goes quiet.
            client.send("GET /first HTTP/1.1\r\nHost: a\r\n\r\nGET /second HTTP/1.1\r\nHost: a\r\n");
            RawResponse first = client.read();
            long answered = System.nanoTime();
            RawResponse second = client.read();
            long waitedMs = (System.nanoTime() - answered) / 1_000_000;

            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(408);
            assertThat(waitedMs).isGreaterThanOrEqualTo(TIMEOUT_MS - 50);
            assertThat(client.closedByPeer()).isTrue();
            assertThat(app.received()).hasSize(1);
            assertThat(proxy.log().awaitEntries(2, WAIT)).extracting(line -> line.get("failure").asText(null))
                    .containsExactly(null, "http_request_timeout");
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aHeadBegunBeforeTheKeepaliveTimeoutRanOutIsNotCutByIt(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.startWhole(transport, """
                     listen:
                       address: 127.0.0.1
                       port: 0
                       keepalive_timeout: 400ms
                       client_header_timeout: 2s
                     upstreams:
                       app: { targets: [ "%s" ] }
                     routes:
                       - { name: web, match: { path_prefix: / }, upstream: app }
                     """.formatted(app.target()));
             RawHttpClient client = proxy.client()) {
            assertThat(client.exchange("GET /first HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(200);
            Thread.sleep(200);
            client.send("GET /second HTTP/1.1\r\n");
            Thread.sleep(600); // the keep-alive wait ran out meanwhile, but this head had begun
            RawResponse second = client.send("Host: a\r\n\r\n").read();

            assertThat(second.status()).isEqualTo(200);
            assertThat(app.last().uri()).isEqualTo("/second");
        }
    }
}
