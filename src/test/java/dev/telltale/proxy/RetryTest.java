package dev.telltale.proxy;

import org.junit.jupiter.api.Tag;
import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.Ports;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.testing.RecordingUpstream;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;

import static dev.telltale.testing.Transports.TRANSPORTS;
import static org.assertj.core.api.Assertions.assertThat;

/** Retries: a request that never reached an upstream may go to another target. */
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
}
