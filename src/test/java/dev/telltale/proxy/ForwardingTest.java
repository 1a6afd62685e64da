package dev.telltale.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.testing.RecordingUpstream;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;

import static dev.telltale.testing.Transports.TRANSPORTS;
import static org.assertj.core.api.Assertions.assertThat;

/** Requests forwarded over real sockets to a real upstream, on every available transport. */
@Tag("socket")
class ForwardingTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void getIsForwardedAndLogged(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target());
             RawHttpClient client = proxy.client()) {
            RawResponse response = client.exchange("GET /hello?x=1 HTTP/1.1\r\nHost: example.test\r\n"
                    + "User-Agent: test-agent\r\n\r\n");

            assertThat(response.status()).as("%s", proxy.log().lines()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("app:/hello?x=1");
            assertThat(app.last().method()).isEqualTo("GET");
            assertThat(app.last().uri()).isEqualTo("/hello?x=1");
            assertThat(app.last().header("host")).isEqualTo("example.test");

            JsonNode line = proxy.log().awaitFirstEntry(WAIT);
            assertThat(line.get("request_id").asText()).isEqualTo(response.header("x-request-id"));
            assertThat(line.get("method").asText()).isEqualTo("GET");
            assertThat(line.get("host").asText()).isEqualTo("example.test");
            assertThat(line.get("path").asText()).isEqualTo("/hello?x=1");
            assertThat(line.get("route").asText()).isEqualTo("web");
            assertThat(line.get("upstream").asText()).isEqualTo("app");
            assertThat(line.get("target").asText()).isEqualTo(app.target());
            assertThat(line.get("status").asInt()).isEqualTo(200);
            assertThat(line.get("upstream_status").asInt()).isEqualTo(200);
            assertThat(line.get("origin").asText()).isEqualTo("upstream");
            assertThat(line.get("failure").isNull()).isTrue();
            assertThat(line.get("attempts").asInt()).isEqualTo(1);
            assertThat(line.get("retries")).isEmpty();
            assertThat(line.get("bytes_out").asLong()).isEqualTo("app:/hello?x=1".length());
            assertThat(line.get("client").asText()).isEqualTo("127.0.0.1");
            assertThat(line.get("user_agent").asText()).isEqualTo("test-agent");
            assertThat(line.get("connect_ms").isNumber()).isTrue();
            assertThat(line.get("ttfb_ms").isNumber()).isTrue();
            assertThat(line.get("duration_ms").asLong()).isGreaterThanOrEqualTo(0);
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void postBodyWithContentLengthReachesUpstream(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target());
             RawHttpClient client = proxy.client()) {
            RawResponse response = client.exchange("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n"
                    + "Content-Type: text/plain\r\n\r\nhello world");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("hello world");
            assertThat(new String(app.last().body())).isEqualTo("hello world");
            assertThat(app.last().header("content-length")).isEqualTo("11");
            assertThat(proxy.log().awaitFirstEntry(WAIT).get("bytes_in").asLong()).isEqualTo(11);
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void chunkedRequestAndChunkedResponseStreamThrough(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target());
             RawHttpClient client = proxy.client()) {
            RawResponse echoed = client.exchange("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
            assertThat(echoed.status()).isEqualTo(200);
            assertThat(echoed.bodyText()).isEqualTo("hello world");
            assertThat(app.last().header("transfer-encoding")).isEqualTo("chunked");

            RawResponse chunked = client.exchange("GET /chunked HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(chunked.status()).isEqualTo(200);
            assertThat(chunked.header("transfer-encoding")).isEqualTo("chunked");
            assertThat(chunked.bodyText()).isEqualTo("chunked answer from app");

            List<JsonNode> lines = proxy.log().awaitEntries(2, WAIT);
            assertThat(lines.get(0).get("bytes_in").asLong()).isEqualTo(11);
            assertThat(lines.get(0).get("bytes_out").asLong()).isEqualTo(11);
            assertThat(lines.get(1).get("bytes_out").asLong()).isEqualTo("chunked answer from app".length());
            assertThat(lines).allSatisfy(line -> assertThat(line.get("status").asInt()).isEqualTo(200));
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void streamedBodyOverTheLimitGets413AndNeverCompletesUpstream(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.startWhole(transport, """
                     listen: { address: 127.0.0.1, port: 0, max_request_body_bytes: 10 }
                     upstreams:
                       app: { targets: ["%s"] }
                     routes:
                       - { name: web, match: { path_prefix: / }, upstream: app }
                     """.formatted(app.target()));
             RawHttpClient client = proxy.client()) {
            RawResponse response = client.exchange("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n");
            assertThat(response.status()).isEqualTo(413);
            JsonNode line = proxy.log().awaitFirstEntry(WAIT);
            assertThat(line.get("failure").asText()).isEqualTo("http_request_body_size");
            assertThat(line.get("failure_detail").asText()).isEqualTo(
                    "request body exceeded 10 bytes (listen.max_request_body_bytes)");
            assertThat(app.received()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void keepAliveReusesUpstreamConnections(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target())) {
            for (int c = 0; c < 3; c++) {
                try (RawHttpClient client = proxy.client()) {
                    for (int i = 0; i < 5; i++) {
                        assertThat(client.exchange("GET /r" + i + " HTTP/1.1\r\nHost: a\r\n\r\n").status())
                                .isEqualTo(200);
                    }
                }
            }
            assertThat(app.received()).hasSize(15);
            assertThat(app.connectionsSeen()).isLessThan(15).isLessThanOrEqualTo(2);
            List<JsonNode> lines = proxy.log().awaitEntries(15, WAIT);
            assertThat(lines).filteredOn(l -> l.get("connect_ms").isNull()).hasSizeGreaterThanOrEqualTo(13);
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void routesByHostAndPathPrefixAndStripsPrefix(Transport transport) throws Exception {
        try (RecordingUpstream api = new RecordingUpstream("api");
             RecordingUpstream admin = new RecordingUpstream("admin");
             RecordingUpstream web = new RecordingUpstream("web");
             ProxyHarness proxy = ProxyHarness.start(transport, """
                     upstreams:
                       api: { targets: ["%s"] }
                       admin: { targets: ["%s"] }
                       web: { targets: ["%s"] }
                     routes:
                       - name: admin
                         match: { host: "*.admin.test", path_prefix: / }
                         upstream: admin
                       - name: api
                         match: { host: shop.test, path_prefix: /api }
                         upstream: api
                         strip_prefix: true
                       - name: web
                         match: { path_prefix: / }
                         upstream: web
                     """.formatted(api.target(), admin.target(), web.target()));
             RawHttpClient client = proxy.client()) {
            assertThat(client.exchange("GET /api/users?id=7 HTTP/1.1\r\nHost: shop.test:8080\r\n\r\n").bodyText())
                    .isEqualTo("api:/users?id=7");
            assertThat(client.exchange("GET /api HTTP/1.1\r\nHost: SHOP.test\r\n\r\n").bodyText())
                    .isEqualTo("api:/");
            assertThat(client.exchange("GET /api/users HTTP/1.1\r\nHost: other.test\r\n\r\n").bodyText())
                    .isEqualTo("web:/api/users");
            assertThat(client.exchange("GET /x HTTP/1.1\r\nHost: eu.admin.test\r\n\r\n").bodyText())
                    .isEqualTo("admin:/x");
            assertThat(client.exchange("GET /x HTTP/1.1\r\nHost: admin.test\r\n\r\n").bodyText())
                    .isEqualTo("web:/x");
            List<JsonNode> lines = proxy.log().awaitEntries(5, WAIT);
            assertThat(lines).extracting(l -> l.get("route").asText())
                    .containsExactly("api", "api", "web", "admin", "web");
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void noMatchingRouteGives404WithRequestIdAndLogLine(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.start(transport, """
                     upstreams:
                       app: { targets: ["%s"] }
                     routes:
                       - name: api
                         match: { path_prefix: /api }
                         upstream: app
                     """.formatted(app.target()));
             RawHttpClient client = proxy.client()) {
            RawResponse response = client.exchange("GET /nothing HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.header("proxy-status")).startsWith("telltale; error=destination_not_found;");
            JsonNode line = proxy.log().awaitFirstEntry(WAIT);
            assertThat(line.get("request_id").asText()).isEqualTo(response.header("x-request-id"));
            assertThat(line.get("failure").asText()).isEqualTo("destination_not_found");
            assertThat(line.get("origin").asText()).isEqualTo("proxy");
            assertThat(line.get("status").asInt()).isEqualTo(404);
            assertThat(app.received()).isEmpty();
            // The connection stays usable.
            assertThat(client.exchange("GET /api/x HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void hopByHopHeadersAreNotForwardedEitherWay(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target());
             RawHttpClient client = proxy.client()) {
            RawResponse response = client.exchange("GET /h HTTP/1.1\r\nHost: a\r\n"
                    + "Connection: keep-alive, X-Secret-Hop\r\nX-Secret-Hop: 1\r\nKeep-Alive: timeout=5\r\n"
                    + "TE: trailers\r\nTrailer: X-T\r\nUpgrade: h2c\r\nProxy-Authorization: Basic Zm9vOmJhcg==\r\n"
                    + "Proxy-Connection: keep-alive\r\nProxy: http://evil.test\r\nX-End-To-End: kept\r\n\r\n");

            assertThat(response.status()).isEqualTo(200);
            RecordingUpstream.Received seen = app.last();
            for (String hop : List.of("x-secret-hop", "keep-alive", "te", "trailer", "upgrade",
                    "proxy-authorization", "proxy-connection", "proxy")) {
                assertThat(seen.header(hop)).as(hop).isNull();
            }
            assertThat(seen.header("connection")).isNull();
            assertThat(seen.header("x-end-to-end")).isEqualTo("kept");
            assertThat(response.header("x-upstream-hop")).isNull();
            assertThat(response.header("x-upstream")).isEqualTo("app");
            assertThat(proxy.log().awaitFirstEntry(WAIT).get("request_id").asText())
                    .isEqualTo(response.header("x-request-id"));
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void forwardedHeadersAndViaAreAdded(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target());
             RawHttpClient client = proxy.client()) {
            client.exchange("GET / HTTP/1.1\r\nHost: shop.test\r\n\r\n");
            assertThat(app.last().header("x-forwarded-for")).isEqualTo("127.0.0.1");
            assertThat(app.last().header("x-forwarded-proto")).isEqualTo("http");
            assertThat(app.last().header("x-forwarded-host")).isEqualTo("shop.test");
            assertThat(app.last().header("via")).isEqualTo("1.1 telltale");

            RawResponse second = client.exchange("GET / HTTP/1.1\r\nHost: shop.test\r\n"
                    + "X-Forwarded-For: 203.0.113.9\r\nVia: 1.1 edge\r\n\r\n");
            assertThat(app.last().header("x-forwarded-for")).isEqualTo("203.0.113.9, 127.0.0.1");
            assertThat(app.last().header("via")).isEqualTo("1.1 edge, 1.1 telltale");
            assertThat(second.header("via")).isEqualTo("1.1 telltale");
            assertThat(proxy.log().awaitEntries(2, WAIT)).extracting(l -> l.get("client").asText())
                    .containsExactly("127.0.0.1", "127.0.0.1");
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void requestIdIsKeptWhenWellFormedAndReplacedOtherwise(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target());
             RawHttpClient client = proxy.client()) {
            RawResponse kept = client.exchange("GET / HTTP/1.1\r\nHost: a\r\nX-Request-Id: abc-123.x:y_z\r\n\r\n");
            assertThat(kept.header("x-request-id")).isEqualTo("abc-123.x:y_z");
            assertThat(app.last().header("x-request-id")).isEqualTo("abc-123.x:y_z");

            RawResponse replaced = client.exchange("GET / HTTP/1.1\r\nHost: a\r\n"
                    + "X-Request-Id: <script>alert(1)</script>\r\n\r\n");
            String id = replaced.header("x-request-id");
            assertThat(id).isNotEqualTo("<script>alert(1)</script>").matches("[0-9a-z]{20}");
            assertThat(app.last().header("x-request-id")).isEqualTo(id);

            RawResponse generated = client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(generated.header("x-request-id")).matches("[0-9a-z]{20}").isNotEqualTo(id);
            assertThat(proxy.log().awaitEntries(3, WAIT)).extracting(l -> l.get("request_id").asText())
                    .containsExactly("abc-123.x:y_z", id, generated.header("x-request-id"));
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void untrustedIncomingRequestIdIsReplaced(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.start(transport, """
                     request_id: { header: X-Correlation-Id, trust_incoming: false }
                     upstreams:
                       app: { targets: ["%s"] }
                     routes:
                       - { name: web, match: { path_prefix: / }, upstream: app }
                     """.formatted(app.target()));
             RawHttpClient client = proxy.client()) {
            RawResponse response = client.exchange("GET / HTTP/1.1\r\nHost: a\r\nX-Correlation-Id: mine\r\n\r\n");
            assertThat(response.header("x-correlation-id")).isNotEqualTo("mine").matches("[0-9a-z]{20}");
            assertThat(app.last().header("x-correlation-id")).isEqualTo(response.header("x-correlation-id"));
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void headAnd204AndHttp10AndExpectContinueAreFramedRight(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target())) {
            try (RawHttpClient client = proxy.client()) {
                RawResponse head = client.exchange("HEAD /x HTTP/1.1\r\nHost: a\r\n\r\n");
                assertThat(head.status()).isEqualTo(200);
                assertThat(client.exchange("GET /status/204 HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(204);
                assertThat(client.exchange("GET /after HTTP/1.1\r\nHost: a\r\n\r\n").bodyText())
                        .isEqualTo("app:/after");

                client.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
                RawResponse interim = client.read();
                assertThat(interim.status()).isEqualTo(100);
                client.send("ping");
                assertThat(client.read().bodyText()).isEqualTo("ping");
                assertThat(app.last().header("expect")).isNull();
            }
            try (RawHttpClient old = proxy.client()) {
                RawResponse response = old.exchange("GET /chunked HTTP/1.0\r\nHost: a\r\n\r\n");
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.header("transfer-encoding")).isNull();
                assertThat(response.bodyText()).isEqualTo("chunked answer from app");
                assertThat(old.closedByPeer()).isTrue();
            }
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void pipelinedRequestsAreAnsweredInOrder(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target());
             RawHttpClient client = proxy.client()) {
            client.send("GET /one HTTP/1.1\r\nHost: a\r\n\r\nPOST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\n"
                    + "two" + "GET /three HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            assertThat(client.read().bodyText()).isEqualTo("app:/one");
            assertThat(client.read().bodyText()).isEqualTo("two");
            RawResponse last = client.read();
            assertThat(last.bodyText()).isEqualTo("app:/three");
            assertThat(last.header("connection")).isEqualTo("close");
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void pipelinedRequestsWaitForASlowAnswerAndKeepTheirBodies(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target());
             RawHttpClient client = proxy.client()) {
            // The second request arrives while the first is still upstream; it must not overtake it.
            client.send("GET /slow/300 HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                    + "GET /after HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(client.read().bodyText()).isEqualTo("slow answer from app");
            assertThat(client.read().bodyText()).isEqualTo("abc");
            assertThat(client.read().bodyText()).isEqualTo("app:/after");
            assertThat(app.received()).extracting(RecordingUpstream.Received::uri)
                    .containsExactly("/slow/300", "/echo", "/after");
        }
    }

    @Test
    void keepaliveTimeoutCountsFromTheEndOfEachAnswer() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.startWhole(Transport.best(), """
                     listen: { address: 127.0.0.1, port: 0, keepalive_timeout: 1s }
                     upstreams:
                       app: { targets: ["%s"] }
                     routes:
                       - { name: web, match: { path_prefix: / }, upstream: app }
                     """.formatted(app.target()));
             RawHttpClient client = proxy.client()) {
            // An answer slower than the timeout: a request in progress is not idleness.
            assertThat(client.exchange("GET /slow/2500 HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(200);
            // Half the timeout after that answer the connection is still open: the clock restarted when it ended.
            Thread.sleep(500);
            assertThat(client.exchange("GET /next HTTP/1.1\r\nHost: a\r\n\r\n").bodyText()).isEqualTo("app:/next");
            long idleFrom = System.nanoTime();
            assertThat(client.closedByPeer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - idleFrom)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void roundRobinSpreadsRequestsOverTargets(Transport transport) throws Exception {
        try (RecordingUpstream one = new RecordingUpstream("one");
             RecordingUpstream two = new RecordingUpstream("two");
             ProxyHarness proxy = ProxyHarness.simple(transport, one.target(), two.target());
             RawHttpClient client = proxy.client()) {
            for (int i = 0; i < 10; i++) {
                client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            }
            assertThat(one.received()).hasSize(5);
            assertThat(two.received()).hasSize(5);
        }
    }
}
