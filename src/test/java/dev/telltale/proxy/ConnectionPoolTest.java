package dev.telltale.proxy;

import org.junit.jupiter.api.Tag;
import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.testing.ScriptedUpstream;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.telltale.testing.Transports.TRANSPORTS;
import static org.assertj.core.api.Assertions.assertThat;

/** Pooled upstream connections: the keep-alive race, keep-alive hints, idle eviction and the cap. */
@Tag("socket")
class ConnectionPoolTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String GET = "GET /x HTTP/1.1\r\nHost: a\r\n\r\n";

    /** Answers the first request, then closes as the second one arrives: the keep-alive race. */
    private static ScriptedUpstream closesAsSecondRequestArrives() throws Exception {
        return new ScriptedUpstream(connection -> {
            connection.readRequest();
            connection.respondOk("first on " + connection.index());
            connection.readRequest();
            connection.close();
        });
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void getSurvivesTheKeepAliveRaceOnAFreshConnection(Transport transport) throws Exception {
        try (ScriptedUpstream app = closesAsSecondRequestArrives();
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target());
             RawHttpClient client = proxy.client()) {
            assertThat(client.exchange(GET).bodyText()).isEqualTo("first on 1");
            RawResponse second = client.exchange(GET);

            assertThat(second.status()).isEqualTo(200);
            assertThat(second.bodyText()).isEqualTo("first on 2");
            JsonNode line = proxy.log().awaitEntries(2, WAIT).get(1);
            assertThat(line.get("attempts").asInt()).isEqualTo(2);
            assertThat(line.get("retries").get(0).get("failure").asText()).isEqualTo("stale_connection");
            assertThat(line.get("failure").isNull()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void postIsNotReplayedAfterTheKeepAliveRace(Transport transport) throws Exception {
        try (ScriptedUpstream app = closesAsSecondRequestArrives();
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target());
             RawHttpClient client = proxy.client()) {
            client.exchange(GET);
            RawResponse post = client.exchange("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");

            assertThat(post.status()).isEqualTo(502);
            assertThat(post.header("proxy-status")).startsWith("telltale; error=stale_connection;");
            JsonNode line = proxy.log().awaitEntries(2, WAIT).get(1);
            assertThat(line.get("failure").asText()).isEqualTo("stale_connection");
            assertThat(line.get("attempts").asInt()).isEqualTo(1);
            assertThat(app.requests()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void keepAliveTimeoutHintRetiresTheConnectionBeforeTheUpstreamDoes(Transport transport) throws Exception {
        try (ScriptedUpstream app = new ScriptedUpstream(connection -> {
                 while (connection.readRequest() != null) {
                     connection.respondOk("conn " + connection.index(), "Keep-Alive: timeout=2");
                 }
             });
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target());
             RawHttpClient client = proxy.client()) {
            assertThat(client.exchange(GET).bodyText()).isEqualTo("conn 1");
            assertThat(client.exchange(GET).bodyText()).isEqualTo("conn 1");
            // timeout=2 leaves the pool one second; after 1.5s the proxy must not offer that connection.
            Thread.sleep(1500);
            assertThat(client.exchange(GET).bodyText()).isEqualTo("conn 2");
            assertThat(app.connections()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void idleTimeoutOfThePoolRetiresConnections(Transport transport) throws Exception {
        try (ScriptedUpstream app = new ScriptedUpstream(connection -> {
                 while (connection.readRequest() != null) {
                     connection.respondOk("conn " + connection.index());
                 }
             });
             ProxyHarness proxy = ProxyHarness.start(transport, """
                     upstreams:
                       app:
                         targets: ["%s"]
                         pool: { idle_timeout: 300ms }
                     routes:
                       - { name: web, match: { path_prefix: / }, upstream: app }
                     """.formatted(app.target()));
             RawHttpClient client = proxy.client()) {
            assertThat(client.exchange(GET).bodyText()).isEqualTo("conn 1");
            assertThat(client.exchange(GET).bodyText()).isEqualTo("conn 1");
            Thread.sleep(600);
            assertThat(client.exchange(GET).bodyText()).isEqualTo("conn 2");
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void fullPoolGives503ConnectionLimitReached(Transport transport) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedUpstream app = new ScriptedUpstream(connection -> {
                 connection.readRequest();
                 release.await(10, TimeUnit.SECONDS);
                 connection.respondOk("slow");
             });
             ProxyHarness proxy = ProxyHarness.start(transport, """
                     upstreams:
                       app:
                         targets: ["%s"]
                         pool: { max_connections: 1 }
                     routes:
                       - { name: web, match: { path_prefix: / }, upstream: app }
                     """.formatted(app.target()));
             RawHttpClient first = proxy.client();
             RawHttpClient second = proxy.client()) {
            first.send(GET);
            CompletableFuture<RawResponse> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return first.read();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitRequests(app, 1);

            RawResponse refused = second.exchange(GET);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("proxy-status")).startsWith("telltale; error=connection_limit_reached;");
            release.countDown();
            assertThat(slow.get(5, TimeUnit.SECONDS).bodyText()).isEqualTo("slow");
            // Lines from two connections: pick the 503's by its request ID.
            JsonNode line = proxy.log().awaitEntries(2, WAIT).stream()
                    .filter(entry -> entry.get("request_id").asText().equals(refused.header("x-request-id")))
                    .findFirst().orElseThrow();
            assertThat(line.get("failure").asText()).isEqualTo("connection_limit_reached");
            assertThat(line.get("failure_detail").asText()).contains("upstreams.app.pool.max_connections");
        }
    }

    private static void awaitRequests(ScriptedUpstream app, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (app.requests() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(app.requests()).isEqualTo(count);
    }

    /**
     * A response the upstream sends with no request outstanding (piggybacked on the one before,
     * or later on the idle connection) belongs to nobody: it is never given to the next request,
     * and the connection it came on is not used again.
     */
    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aSecondResponseOnAnIdleConnectionIsNeverForwarded(Transport transport) throws Exception {
        CountDownLatch firstAnswered = new CountDownLatch(1);
        try (ScriptedUpstream app = new ScriptedUpstream(connection -> {
                 connection.readRequest();
                 if (connection.index() == 1) {
                     connection.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst"
                             + "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled");
                 } else if (connection.index() == 2) {
                     connection.respondOk("second");
                     firstAnswered.await(10, TimeUnit.SECONDS);
                     Thread.sleep(200); // back in the pool by now
                     connection.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlate");
                 } else {
                     connection.respondOk("fresh " + connection.index());
                 }
                 while (connection.readRequest() != null) {
                     connection.respondOk("reused " + connection.index());
                 }
             });
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target());
             RawHttpClient client = proxy.client()) {
            assertThat(client.exchange(GET).bodyText()).isEqualTo("first");
            assertThat(client.exchange(GET).bodyText()).isEqualTo("second");
            firstAnswered.countDown();
            Thread.sleep(600);
            RawResponse third = client.exchange(GET);

            assertThat(third.status()).isEqualTo(200);
            assertThat(third.bodyText()).isEqualTo("fresh 3");
            assertThat(app.connections()).isEqualTo(3);
        }
    }
}
