package dev.telltale.health;

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

import java.util.function.Predicate;

import static dev.telltale.testing.Transports.TRANSPORTS;
import static org.assertj.core.api.Assertions.assertThat;

/** Targets that go down and come back, seen by passive ejection and by active checks. */
@Tag("socket")
class HealthTest {

    private static RawResponse get(ProxyHarness proxy) throws Exception {
        try (RawHttpClient client = proxy.client()) {
            return client.exchange("GET /health HTTP/1.1\r\nHost: a\r\nAccept: application/json\r\n\r\n");
        }
    }

    private static JsonNode awaitLine(ProxyHarness proxy, Predicate<JsonNode> match) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            for (String raw : proxy.log().lines()) {
                JsonNode line = dev.telltale.testing.Json.parse(raw);
                if (match.test(line)) {
                    return line;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no matching log line in " + proxy.log().lines());
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void failingTargetIsEjectedPassivelyAndTrafficStopsGoingThere(Transport transport) throws Exception {
        String dead = "127.0.0.1:" + Ports.closed();
        try (RecordingUpstream alive = new RecordingUpstream("alive");
             ProxyHarness proxy = ProxyHarness.start(transport, """
                     upstreams:
                       app:
                         targets: ["%s", "%s"]
                         outlier: { consecutive_failures: 2, ejection: 30s }
                     routes:
                       - { name: web, match: { path_prefix: / }, upstream: app }
                     """.formatted(dead, alive.target()))) {
            for (int i = 0; i < 10; i++) {
                assertThat(get(proxy).status()).isEqualTo(200);
            }
            JsonNode event = awaitLine(proxy, l -> "health".equals(l.path("type").asText()));
            assertThat(event.get("target").asText()).isEqualTo(dead);
            assertThat(event.get("from").asText()).isEqualTo("up");
            assertThat(event.get("to").asText()).isEqualTo("down");
            assertThat(event.get("failure").asText()).isEqualTo("connection_refused");
            assertThat(event.get("reason").asText()).startsWith("ejected after 2 consecutive failures");
            long retried = proxy.log().lines().stream().filter(l -> l.contains("\"attempts\":2")).count();
            assertThat(retried).as("only the failures before the ejection were retried").isEqualTo(2);
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void ejectedTargetIsTriedAgainAfterItsEjectionAndComesBackOnSuccess(Transport transport) throws Exception {
        int port = dev.telltale.testing.Ports.closed();
        try (ProxyHarness proxy = ProxyHarness.start(transport, """
                upstreams:
                  app:
                    targets: ["127.0.0.1:%d"]
                    outlier: { consecutive_failures: 2, ejection: 500ms }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app, retry: { attempts: 1 } }
                """.formatted(port))) {
            assertThat(get(proxy).status()).isEqualTo(502);
            assertThat(get(proxy).status()).isEqualTo(502);
            awaitLine(proxy, l -> "down".equals(l.path("to").asText()));
            assertThat(get(proxy).status()).as("ejected: every target is down").isEqualTo(503);

            try (RecordingUpstream back = new RecordingUpstream("back", port)) {
                Thread.sleep(600);
                assertThat(get(proxy).status()).isEqualTo(200);
                JsonNode up = awaitLine(proxy, l -> "up".equals(l.path("to").asText()));
                assertThat(up.get("reason").asText()).isEqualTo("answered again after its ejection");
                assertThat(get(proxy).status()).isEqualTo(200);
            }
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void targetThatFailsChecksIsDownUntilItAnswersAgain(Transport transport) throws Exception {
        int port = Ports.closed();
        try (ProxyHarness proxy = ProxyHarness.start(transport, """
                upstreams:
                  app:
                    targets: ["127.0.0.1:%d"]
                    health_check: { path: /health, interval: 100ms, timeout: 500ms,
                                    healthy_threshold: 2, unhealthy_threshold: 2 }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app }
                """.formatted(port))) {
            awaitLine(proxy, l -> "down".equals(l.path("to").asText()));

            RawResponse unavailable = get(proxy);
            assertThat(unavailable.status()).isEqualTo(503);
            assertThat(unavailable.header("proxy-status")).startsWith("telltale; error=destination_unavailable;");
            assertThat(unavailable.header("retry-after")).isEqualTo("5");
            JsonNode problem = dev.telltale.testing.Json.parse(unavailable.bodyText());
            assertThat(problem.get("detail").asText())
                    .contains("every target of upstream app is down")
                    .contains("127.0.0.1:" + port + ": connection_refused since ")
                    .contains("failed health checks (GET /health)");

            try (RecordingUpstream back = new RecordingUpstream("back", port)) {
                JsonNode up = awaitLine(proxy, l -> "up".equals(l.path("to").asText()));
                assertThat(up.get("from").asText()).isEqualTo("down");
                assertThat(up.get("reason").asText()).contains("good health checks");
                assertThat(get(proxy).status()).isEqualTo(200);
                assertThat(back.received()).anySatisfy(r ->
                        assertThat(r.header("user-agent")).isEqualTo("telltale-health-check"));
            }
        }
    }
}
