package dev.telltale.proxy;

import org.junit.jupiter.api.Tag;
import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.Ports;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.testing.RecordingUpstream;
import dev.telltale.testing.ScriptedUpstream;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static dev.telltale.testing.Transports.TRANSPORTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retries: a request that never reached an upstream may go to another target; one the upstream
 * reset unread on a fresh connection is sent once more when it is idempotent.
 */
@Tag("socket")
class RetryTest {

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void requestsSurviveADeadTargetAndEachRetryIsRecorded(Transport transport) throws Exception {
        String dead = "127.0.0.1:" + Ports.closed();
        try (RecordingUpstream alive = new RecordingUpstream("alive");
             ProxyHarness proxy = ProxyHarness.simple(transport, dead, alive.target());
             RawHttpClient client = proxy.client()) {
            // Round robin sends every other request to the dead target first: both methods survive.
            for (int i = 0; i < 4; i++) {
                String method = i % 2 == 0 ? "GET" : "POST";
                RawResponse response = client.exchange(method + " /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi");
                assertThat(response.status()).isEqualTo(200);
            }
            assertThat(alive.received()).hasSize(4);
            List<JsonNode> lines = proxy.log().awaitEntries(4, Duration.ofSeconds(5));
            List<JsonNode> retried = lines.stream().filter(l -> l.get("attempts").asInt() == 2).toList();
            assertThat(retried).hasSize(2).allSatisfy(line -> {
                assertThat(line.get("retries").get(0).get("target").asText()).isEqualTo(dead);
                assertThat(line.get("retries").get(0).get("failure").asText()).isEqualTo("connection_refused");
                assertThat(line.get("target").asText()).isEqualTo(alive.target());
                assertThat(line.get("failure").isNull()).isTrue();
            });
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void retryAttemptsOfOneMeansNoRetry(Transport transport) throws Exception {
        String dead = "127.0.0.1:" + Ports.closed();
        try (RecordingUpstream alive = new RecordingUpstream("alive");
             ProxyHarness proxy = ProxyHarness.start(transport, """
                     upstreams:
                       app: { targets: ["%s", "%s"] }
                     routes:
                       - { name: web, match: { path_prefix: / }, upstream: app, retry: { attempts: 1 } }
                     """.formatted(dead, alive.target()));
             RawHttpClient client = proxy.client()) {
            RawResponse first = client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(first.status()).isEqualTo(502);
            assertThat(proxy.log().awaitFirstEntry(Duration.ofSeconds(5)).get("attempts").asInt()).isEqualTo(1);
        }
    }

    /**
     * An upstream that resets (RST) each request line the first time it sees it, as an app that stops
     * listening resets the connections still queued for it, and closes without answering (a FIN, as
     * when a request crashes the app) on {@code /crash}; otherwise answers and closes.
     */
    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aFreshConnectionResetUnreadIsSentOnceMoreOnlyWhenIdempotent(Transport transport) throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        try (ScriptedUpstream app = new ScriptedUpstream(connection -> {
                String head = connection.readRequest();
                String requestLine = head.substring(0, head.indexOf("\r\n"));
                if (requestLine.contains("/crash")) {
                    connection.close();
                } else if (seen.add(requestLine)) {
                    connection.reset();
                } else {
                    connection.respondOk("fine", "Connection: close");
                }
            });
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target())) {
            RawResponse get = once(proxy, "GET /a HTTP/1.1\r\nHost: a\r\n\r\n");
            RawResponse post = once(proxy, "POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi");
            RawResponse keyed = once(proxy, 
                    "POST /c HTTP/1.1\r\nHost: a\r\nIdempotency-Key: k1\r\nContent-Length: 2\r\n\r\nhi");
            RawResponse crash = once(proxy, "GET /crash HTTP/1.1\r\nHost: a\r\n\r\n");

            assertThat(get.status()).as("a GET reset unread is sent again").isEqualTo(200);
            assertThat(get.bodyText()).isEqualTo("fine");
            assertThat(post.status()).as("a POST may have been read: never sent twice").isEqualTo(502);
            assertThat(keyed.status()).as("a POST with an Idempotency-Key is sent again").isEqualTo(200);
            assertThat(crash.status()).as("a close after reading the request is not a reason to send it again")
                    .isEqualTo(502);
            assertThat(app.connections()).as("two tries, one, two and one").isEqualTo(6);
            // Each request came on its own client connection, so the lines may be written in any order.
            List<JsonNode> lines = proxy.log().awaitEntries(4, Duration.ofSeconds(5)).stream()
                    .sorted(Comparator.comparing(line -> line.get("path").asText())).toList();
            assertThat(lines).extracting(line -> line.get("path").asText()).containsExactly("/a", "/b", "/c", "/crash");
            assertThat(lines).extracting(line -> line.get("attempts").asInt()).containsExactly(2, 1, 2, 1);
            assertThat(lines.get(0).get("retries").get(0).get("failure").asText()).isEqualTo("connection_terminated");
            assertThat(lines).extracting(line -> line.get("failure").asText())
                    .containsExactly("null", "connection_terminated", "null", "connection_terminated");
        }
    }

    private static RawResponse once(ProxyHarness proxy, String request) throws Exception {
        try (RawHttpClient client = proxy.client()) {
            return client.exchange(request);
        }
    }
}
