package dev.telltale.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.testing.RecordingUpstream;
import dev.telltale.testing.ScriptedHttp2Upstream;
import dev.telltale.upstream.Transport;
import io.netty.handler.codec.http2.Http2Error;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An HTTP/2 upstream that breaks the ways the protocol allows, from a scripted server: each failure
 * gets its name in the one vocabulary, with the frame and its code in the detail, for a plain
 * HTTP/1.1 client, as any other upstream failure does.
 */
@Tag("socket")
class Http2UpstreamFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String GET = "GET /item HTTP/1.1\r\nHost: a\r\n\r\n";

    private static ProxyHarness proxyFor(ScriptedHttp2Upstream upstream, String routeExtras) throws Exception {
        return ProxyHarness.start(Transport.best(), """
                upstreams:
                  app: { targets: [ "%s" ], protocol: h2c }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app%s }
                """.formatted(upstream.target(), routeExtras));
    }

    private static JsonNode failed(ScriptedHttp2Upstream.Script script, String routeExtras, int status, String failure)
            throws Exception {
        try (ScriptedHttp2Upstream upstream = new ScriptedHttp2Upstream(script);
             ProxyHarness proxy = proxyFor(upstream, routeExtras);
             RawHttpClient client = proxy.client()) {
            RawResponse response = client.exchange(GET);
            assertThat(response.status()).isEqualTo(status);
            assertThat(response.header("proxy-status")).contains("error=" + failure);
            JsonNode line = proxy.log().awaitEntries(1, WAIT).get(0);
            assertThat(line.get("failure").asText()).isEqualTo(failure);
            return line;
        }
    }

    @Test
    void aStreamResetWithCancelIsConnectionTerminatedNamingTheCode() throws Exception {
        JsonNode line = failed((stream, n) -> ScriptedHttp2Upstream.reset(stream, Http2Error.CANCEL), "",
                502, "connection_terminated");
        assertThat(line.get("failure_detail").asText()).contains("RST_STREAM CANCEL");
    }

    @Test
    void aStreamResetWithProtocolErrorIsHttpProtocolError() throws Exception {
        JsonNode line = failed((stream, n) -> ScriptedHttp2Upstream.reset(stream, Http2Error.PROTOCOL_ERROR), "",
                502, "http_protocol_error");
        assertThat(line.get("failure_detail").asText()).contains("RST_STREAM PROTOCOL_ERROR");
    }

    @Test
    void anErrorGoAwayIsHttpProtocolErrorNamingTheCode() throws Exception {
        JsonNode line = failed((stream, n) -> ScriptedHttp2Upstream.goAway(stream, Http2Error.INTERNAL_ERROR, true),
                "", 502, "http_protocol_error");
        assertThat(line.get("failure_detail").asText()).contains("GOAWAY INTERNAL_ERROR");
    }

    @Test
    void aHeaderListOverTheRoutesLimitIsHeaderSectionSize() throws Exception {
        failed((stream, n) -> ScriptedHttp2Upstream.hugeHead(stream, 64 * 1024), "", 502,
                "http_response_header_section_size");
    }

    @Test
    void aStalledStreamIsAReadTimeout() throws Exception {
        try (ScriptedHttp2Upstream upstream = new ScriptedHttp2Upstream((stream, n) -> ScriptedHttp2Upstream.stall(stream));
             ProxyHarness proxy = proxyFor(upstream, ", timeouts: { idle: 300ms }");
             RawHttpClient client = proxy.client()) {
            client.send(GET);
            String received = new String(client.input().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(received).as("the head went out before the stall, then the body was cut")
                    .startsWith("HTTP/1.1 200 ").contains("first part").doesNotEndWith("0\r\n\r\n");
            JsonNode line = proxy.log().awaitEntries(1, WAIT).get(0);
            assertThat(line.get("failure").asText()).isEqualTo("connection_read_timeout");
        }
    }

    @Test
    void anHttp11UpstreamSetToH2cIsAProtocolErrorSaidPlainly() throws Exception {
        try (RecordingUpstream http11 = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.start(Transport.best(), """
                     upstreams:
                       app: { targets: [ "%s" ], protocol: h2c }
                     routes:
                       - { name: web, match: { path_prefix: / }, upstream: app, retry: { attempts: 1 } }
                     """.formatted(http11.target()));
             RawHttpClient client = proxy.client()) {
            RawResponse response = client.exchange(GET);
            assertThat(response.status()).isEqualTo(502);
            JsonNode line = proxy.log().awaitEntries(1, WAIT).get(0);
            assertThat(line.get("failure").asText()).isEqualTo("http_protocol_error");
            assertThat(line.get("failure_detail").asText()).contains("before its HTTP/2 SETTINGS")
                    .contains("protocol is set to h2c");
            assertThat(http11.received()).as("no request reached it").isEmpty();
        }
    }

    @Test
    void moreRequestsThanTheUpstreamAllowsStreamsAllGetTheirAnswer() throws Exception {
        try (ScriptedHttp2Upstream upstream = new ScriptedHttp2Upstream(
                (stream, n) -> ScriptedHttp2Upstream.okAfter(stream, 200, "ok"), 2);
             ProxyHarness proxy = proxyFor(upstream, "")) {
            List<CompletableFuture<RawResponse>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try (RawHttpClient client = proxy.client()) {
                        return client.exchange(GET);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (CompletableFuture<RawResponse> answer : answers) {
                RawResponse response = answer.get(10, TimeUnit.SECONDS);
                assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
            }
            assertThat(upstream.requests()).isEqualTo(6);
        }
    }

    @Test
    void aGracefulGoAwayBeforeTheStreamIsRetriedOnANewConnection() throws Exception {
        ScriptedHttp2Upstream.Script script = (stream, connection) -> {
            if (connection == 1) {
                ScriptedHttp2Upstream.goAway(stream, Http2Error.NO_ERROR, false);
            } else {
                ScriptedHttp2Upstream.ok(stream, "from the new connection");
            }
        };
        try (ScriptedHttp2Upstream upstream = new ScriptedHttp2Upstream(script);
             ProxyHarness proxy = proxyFor(upstream, "");
             RawHttpClient client = proxy.client()) {
            RawResponse response = client.exchange("POST /order HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
            assertThat(response.status()).as("any method: the upstream said it did not process it; got %s"
                    + " after %s connections and %s requests", response.bodyText(), upstream.connections(),
                    upstream.requests()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("from the new connection");
            JsonNode line = proxy.log().awaitEntries(1, WAIT).get(0);
            assertThat(line.get("attempts").asInt()).isEqualTo(2);
            assertThat(line.get("retries").get(0).get("failure").asText()).isEqualTo("stale_connection");
            assertThat(upstream.connections()).isEqualTo(2);
        }
    }

    @Test
    void aStoppingProxySaysGoAwayOnItsIdleConnectionsToTheUpstream() throws Exception {
        try (ScriptedHttp2Upstream upstream = new ScriptedHttp2Upstream((stream, n) -> ScriptedHttp2Upstream.ok(stream, "ok"))) {
            try (ProxyHarness proxy = proxyFor(upstream, "");
                 RawHttpClient client = proxy.client()) {
                assertThat(client.exchange(GET).status()).isEqualTo(200);
                assertThat(upstream.goAways()).as("in use, the connection is kept").isEmpty();
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (upstream.goAways().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(upstream.goAways()).as("the close was meant: GOAWAY NO_ERROR, not a bare close")
                    .containsExactly(Http2Error.NO_ERROR.code());
        }
    }
}
