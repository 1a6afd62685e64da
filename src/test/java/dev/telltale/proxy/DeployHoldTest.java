package dev.telltale.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.Json;
import dev.telltale.testing.Ports;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.testing.RecordingUpstream;
import dev.telltale.testing.ScriptedUpstream;
import dev.telltale.upstream.HoldGate;
import dev.telltale.upstream.Target;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.telltale.testing.Transports.TRANSPORTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deploy hold ({@code retry.hold}): a request that never reached the app waits for it to
 * come back instead of failing, within its limits, and says so when it runs out.
 */
@Tag("socket")
class DeployHoldTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static String config(int appPort, String retry) {
        return """
                upstreams:
                  app: { targets: ["127.0.0.1:%d"] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app, retry: %s }
                """.formatted(appPort, retry);
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aGetAndAPostWaitForTheAppToComeBackAndAreServed(Transport transport) throws Exception {
        int port = Ports.closed();
        try (ProxyHarness proxy = ProxyHarness.start(transport, config(port, "{ hold: 20s }"))) {
            CompletableFuture<RawResponse> get = send(proxy, "GET /echo HTTP/1.1\r\nHost: a\r\n\r\n");
            CompletableFuture<RawResponse> post = send(proxy,
                    "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
            awaitHeld(proxy, 2);
            assertThat(get).as("held, not answered").isNotDone();
            try (RecordingUpstream app = new RecordingUpstream("app", port)) {
                assertThat(get.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(200);
                RawResponse posted = post.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(posted.status()).isEqualTo(200);
                assertThat(posted.bodyText()).isEqualTo("hello");
                assertThat(app.received()).hasSize(2);
            }
            for (JsonNode line : proxy.log().awaitEntries(2, WAIT)) {
                assertThat(line.get("status").asInt()).isEqualTo(200);
                assertThat(line.get("held_ms").asLong()).isPositive();
                assertThat(line.get("attempts").asInt()).isGreaterThan(1);
                assertThat(line.get("failure").isNull()).isTrue();
            }
            assertThat(gate(proxy).held()).as("every place given back").isZero();
        }
    }

    @Test
    void aHoldThatRunsOutSaysSoOnThePageInProxyStatusInTheLogAndInTheIncident() throws Exception {
        int port = Ports.closed();
        try (ProxyHarness proxy = ProxyHarness.start(Transport.nio(), config(port, "{ hold: 400ms }"));
             RawHttpClient client = proxy.client()) {
            RawResponse page = client.exchange("GET / HTTP/1.1\r\nHost: a\r\nAccept: text/html\r\n\r\n");
            assertThat(page.status()).isEqualTo(502);
            assertThat(page.bodyText()).containsPattern("<p id=\"hold\">Telltale held this request for 0\\.[4-9] s"
                    + " \\(retry.hold is 0\\.4 s\\) and tried it \\d+ times, but the application did not come back");
            assertThat(page.header("Proxy-Status")).contains("error=connection_refused").containsPattern("held \\d+ ms");
            JsonNode line = proxy.log().awaitFirstEntry(WAIT);
            assertThat(line.get("failure").asText()).isEqualTo("connection_refused");
            assertThat(line.get("held_ms").asLong()).isGreaterThanOrEqualTo(400);
            String id = line.get("request_id").asText();
            assertThat(proxy.incidents().find(id)).hasValueSatisfying(incident -> {
                assertThat(incident.hold()).startsWith("Telltale held this request");
                assertThat(incident.timings().heldMs()).isGreaterThanOrEqualTo(400);
            });

            RawResponse problem = client.exchange("GET / HTTP/1.1\r\nHost: a\r\nAccept: application/problem+json\r\n\r\n");
            JsonNode json = Json.parse(problem.bodyText());
            assertThat(json.get("hold").asText()).contains("did not come back");
            assertThat(json.get("held_ms").asLong()).isGreaterThanOrEqualTo(400);
        }
    }

    @Test
    void beyondTheCapARequestIsAnsweredAtOnceAndSaysWhy() throws Exception {
        int port = Ports.closed();
        try (ProxyHarness proxy = ProxyHarness.start(Transport.nio(),
                config(port, "{ hold: 60s, hold_max_requests: 2 }"))) {
            List<CompletableFuture<RawResponse>> held = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                held.add(send(proxy, "GET /" + i + " HTTP/1.1\r\nHost: a\r\n\r\n"));
            }
            awaitHeld(proxy, 2);
            // Were it held too, it would wait 60 s: the client's 15 s read timeout would fail the test.
            try (RawHttpClient third = proxy.client()) {
                RawResponse refused = third.exchange("GET /third HTTP/1.1\r\nHost: a\r\nAccept: text/html\r\n\r\n");
                assertThat(refused.status()).isEqualTo(502);
                assertThat(refused.bodyText()).contains("<p id=\"hold\">Not held: 2 requests were already waiting"
                        + " for this upstream (retry.hold_max_requests).</p>");
            }
            JsonNode line = proxy.log().awaitFirstEntry(WAIT);
            assertThat(line.get("path").asText()).isEqualTo("/third");
            assertThat(line.get("held_ms").isNull()).isTrue();
            assertThat(line.get("failure_detail").asText())
                    .endsWith("; not held: 2 requests were already waiting for this upstream (retry.hold_max_requests)");
            assertThat(gate(proxy).refused()).isEqualTo(1);
            assertThat(gate(proxy).held()).isEqualTo(2);
            try (RecordingUpstream app = new RecordingUpstream("app", port)) {
                for (CompletableFuture<RawResponse> response : held) {
                    assertThat(response.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(200);
                }
            }
        }
    }

    @Test
    void aLargeBodyIsNotHeldUnlessTheClientWaitsFor100Continue() throws Exception {
        int port = Ports.closed();
        try (ProxyHarness proxy = ProxyHarness.start(Transport.nio(),
                config(port, "{ hold: 60s, hold_max_body: 1KiB }"))) {
            String body = "x".repeat(2048);
            try (RawHttpClient client = proxy.client()) {
                RawResponse refused = client.exchange("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2048\r\n\r\n"
                        + body);
                assertThat(refused.status()).isEqualTo(502);
            }
            assertThat(proxy.log().awaitFirstEntry(WAIT).get("failure_detail").asText())
                    .contains("not held: its body is larger than retry.hold_max_body (1KiB)");

            // With Expect: 100-continue the body stays with the client until a connection is ready.
            try (RawHttpClient client = proxy.client()) {
                client.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 2048\r\nExpect: 100-continue\r\n\r\n");
                awaitHeld(proxy, 1);
                try (RecordingUpstream app = new RecordingUpstream("app", port)) {
                    assertThat(client.read().status()).isEqualTo(100);
                    client.send(body);
                    RawResponse echoed = client.read();
                    assertThat(echoed.status()).isEqualTo(200);
                    assertThat(echoed.bodyText()).isEqualTo(body);
                }
            }
        }
    }

    @Test
    void aRequestThatReachedTheAppIsNeitherHeldNorSentAgain() throws Exception {
        // The app reads the POST, then closes without answering: it may have acted on it.
        try (ScriptedUpstream app = new ScriptedUpstream(connection -> {
            connection.readRequest();
            connection.close();
        });
             ProxyHarness proxy = ProxyHarness.start(Transport.nio(), """
                     upstreams:
                       app: { targets: ["%s"] }
                     routes:
                       - { name: web, match: { path_prefix: / }, upstream: app, retry: { hold: 60s } }
                     """.formatted(app.target()));
             RawHttpClient client = proxy.client()) {
            RawResponse response = client.exchange("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi");
            assertThat(response.status()).isEqualTo(502);
            JsonNode line = proxy.log().awaitFirstEntry(WAIT);
            assertThat(line.get("held_ms").isNull()).isTrue();
            assertThat(line.get("attempts").asInt()).isEqualTo(1);
            assertThat(app.requests()).isEqualTo(1);
        }
    }

    @Test
    void aClientThatLeavesGivesItsPlaceBack() throws Exception {
        int port = Ports.closed();
        try (ProxyHarness proxy = ProxyHarness.start(Transport.nio(), config(port, "{ hold: 60s }"))) {
            try (RawHttpClient client = proxy.client()) {
                client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                awaitHeld(proxy, 1);
                Thread.sleep(50); // held a while before the client gives up
            }
            JsonNode line = proxy.log().awaitFirstEntry(WAIT);
            assertThat(line.get("status").asInt()).isEqualTo(499);
            assertThat(line.get("held_ms").asLong()).isGreaterThanOrEqualTo(50);
            awaitHeld(proxy, 0);
        }
    }

    @Test
    void drainingAnswersAHeldRequestAtOnce() throws Exception {
        int port = Ports.closed();
        try (ProxyHarness proxy = ProxyHarness.start(Transport.nio(), config(port, "{ hold: 60s }"))) {
            CompletableFuture<RawResponse> held = send(proxy,
                    "GET / HTTP/1.1\r\nHost: a\r\nAccept: text/plain\r\n\r\n");
            awaitHeld(proxy, 1);
            CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
                try {
                    return proxy.server().drain(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            RawResponse response = held.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(response.status()).isEqualTo(502);
            assertThat(response.bodyText()).contains("hold: Telltale held this request for")
                    .contains("then answered at once: the proxy is shutting down.");
            assertThat(drained.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("nothing left in flight").isTrue();
        }
    }

    @Test
    void aTargetThatHealthChecksTookOutIsWaitedForUntilTheyBringItBack() throws Exception {
        int port = Ports.closed();
        try (ProxyHarness proxy = ProxyHarness.start(Transport.nio(), """
                upstreams:
                  app:
                    targets: ["127.0.0.1:%d"]
                    health_check: { path: /, interval: 100ms, timeout: 1s, healthy_threshold: 1, unhealthy_threshold: 1 }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app, retry: { hold: 60s } }
                """.formatted(port))) {
            Target target = proxy.server().runtime().upstreams().get("app").targets().get(0);
            awaitDown(target, true);
            CompletableFuture<RawResponse> held = send(proxy, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            awaitHeld(proxy, 1);
            try (RecordingUpstream app = new RecordingUpstream("app", port)) {
                assertThat(held.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(200);
            }
            JsonNode line = proxy.log().awaitRequestEntry(WAIT);
            assertThat(line.get("retries").get(0).get("failure").asText()).isEqualTo("destination_unavailable");
            assertThat(line.get("held_ms").asLong()).isPositive();
        }
    }

    private static void awaitDown(Target target, boolean down) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while ((target.down() != null) != down) {
            assertThat(System.nanoTime() - deadline).as("waiting for the health check").isNegative();
            Thread.sleep(10);
        }
    }

    private static CompletableFuture<RawResponse> send(ProxyHarness proxy, String raw) {
        return CompletableFuture.supplyAsync(() -> {
            try (RawHttpClient client = proxy.client()) {
                return client.exchange(raw);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static HoldGate gate(ProxyHarness proxy) {
        return proxy.server().runtime().upstreams().get("app").hold();
    }

    private static void awaitHeld(ProxyHarness proxy, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (gate(proxy).held() != count) {
            assertThat(System.nanoTime() - deadline).as("waiting for %d held requests", count).isNegative();
            Thread.sleep(10);
        }
    }
}
