package dev.telltale.proxy;

import org.junit.jupiter.api.Tag;
import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.testing.RecordingUpstream;
import dev.telltale.testing.ScriptedUpstream;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.telltale.testing.Transports.TRANSPORTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that two parsers could frame two ways, over real sockets: each gets 400 with the
 * reason, a log line, and the connection closes; the upstream sees nothing of them, not even the
 * requests smuggled inside. Well-framed requests around them still pass.
 */
@Tag("socket")
class StrictRequestsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** Each hostile request, and the reason its log line must give. */
    private static final Map<String, String> HOSTILE = Map.of(
            "POST /cl-te HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n",
            "both Content-Length and Transfer-Encoding (the body length is ambiguous)",
            "POST /te-te HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n"
                    + "0\r\n\r\n",
            "Transfer-Encoding \"chunked,identity\" is not chunked alone (no other coding is accepted)",
            "POST /cl-cl HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 44\r\n\r\n"
                    + "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n",
            "more than one Content-Length header",
            "GET /colon HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n",
            "invalid request header name \"Transfer-Encoding \"",
            "GET /fold HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n Transfer-Encoding: chunked\r\n\r\n",
            "request header folded over lines (obs-fold): \" Transfer-Encoding: chunked\"",
            "GET /nul HTTP/1.1\r\nHost: a\r\nX-A: 1\u00002\r\n\r\n",
            "request head has a control byte in \"X-A: 1\\x002\"");

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void ambiguousRequestsAreRefusedAndNothingOfThemReachesTheUpstream(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target())) {
            for (Map.Entry<String, String> hostile : HOSTILE.entrySet()) {
                proxy.log().clear();
                try (RawHttpClient client = proxy.client()) {
                    RawResponse ok = client.exchange("GET /before HTTP/1.1\r\nHost: a\r\n\r\n");
                    RawResponse refused = client.send(hostile.getKey().getBytes(StandardCharsets.ISO_8859_1)).read();

                    assertThat(ok.status()).isEqualTo(200);
                    assertThat(refused.status()).as(hostile.getKey()).isEqualTo(400);
                    assertThat(refused.header("proxy-status")).startsWith("telltale; error=http_request_error");
                    assertThat(refused.header("connection")).isEqualTo("close");
                    assertThat(client.closedByPeer()).isTrue();

                    List<JsonNode> lines = proxy.log().awaitEntries(2, WAIT);
                    JsonNode line = lines.get(1);
                    assertThat(line.get("request_id").asText()).isEqualTo(refused.header("x-request-id"));
                    assertThat(line.get("status").asInt()).isEqualTo(400);
                    assertThat(line.get("failure").asText()).isEqualTo("http_request_error");
                    assertThat(line.get("failure_detail").asText()).isEqualTo(hostile.getValue());
                }
            }
            assertThat(app.received()).extracting(RecordingUpstream.Received::uri).containsOnly("/before");
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aBrokenChunkRefusesTheRequestAndTheNextOneIsNeverRead(Transport transport) throws Exception {
        String head = "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
        String body = "5\r\nhello\r\n-3\r\nabc\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n";
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target())) {
            // Arriving whole, nothing of it reaches the upstream.
            try (RawHttpClient client = proxy.client()) {
                RawResponse response = client.send(head + body).read();

                assertThat(response.status()).isEqualTo(400);
                assertThat(client.closedByPeer()).isTrue();
            }
            JsonNode line = proxy.log().awaitFirstEntry(WAIT);
            assertThat(line.get("failure").asText()).isEqualTo("http_request_error");
            assertThat(line.get("failure_detail").asText()).isEqualTo(
                    "request body is malformed: chunk size is not a hex number: \"-3\"");
            assertThat(app.received()).isEmpty();

            // Streamed, the head has gone on when the broken chunk comes: the body is cut there.
            proxy.log().clear();
            try (RawHttpClient client = proxy.client()) {
                client.send(head + "5\r\nhello\r\n");
                Thread.sleep(200);
                RawResponse response = client.send(body.substring(body.indexOf("-3"))).read();

                assertThat(response.status()).isEqualTo(400);
                assertThat(client.closedByPeer()).isTrue();
            }
            assertThat(proxy.log().awaitFirstEntry(WAIT).get("failure_detail").asText()).isEqualTo(
                    "request body is malformed: chunk size is not a hex number: \"-3\"");
            assertThat(app.received()).extracting(RecordingUpstream.Received::uri).doesNotContain("/smuggled");
        }
    }

    /** Trailers are checked too (StrictRequestFramingTest); the JDK server upstream here cannot read them. */
    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void wellFramedChunkedRequestsWithExtensionsPass(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target());
             RawHttpClient client = proxy.client()) {
            RawResponse first = client.send("POST /one HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;ext=\"quoted value\"\r\nhello\r\n6 ; n\r\n world\r\n0\r\n\r\n").read();
            RawResponse second = client.exchange("\r\nGET /two HTTP/1.1\r\nHost: a\r\n\r\n");

            assertThat(first.status()).as(first.bodyText()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
            assertThat(app.received()).extracting(RecordingUpstream.Received::uri).containsExactly("/one", "/two");
            assertThat(new String(app.received().get(0).body(), StandardCharsets.US_ASCII)).isEqualTo("hello world");
        }
    }

    /**
     * What the upstream reads of a chunked body: the data chunked anew (a chunk per piece read),
     * without the client's chunk extensions (parsers disagree on them), then the trailer section as
     * the client sent it.
     */
    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aChunkedBodyReachesTheUpstreamWithoutExtensionsAndWithItsTrailers(Transport transport) throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        try (ScriptedUpstream app = new ScriptedUpstream(connection -> {
                 connection.readHead();
                 StringBuilder body = new StringBuilder();
                 while (!(body.indexOf("0\r\n") >= 0 && body.toString().endsWith("\r\n\r\n"))) {
                     byte[] read = connection.readSome(4096);
                     if (read.length == 0) {
                         break; // the proxy closed: what came is compared below
                     }
                     body.append(new String(read, StandardCharsets.ISO_8859_1));
                 }
                 seen.complete(body.toString());
                 connection.respondOk("ok");
             });
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target());
             RawHttpClient client = proxy.client()) {
            // In pieces, so that a line, the data and the trailers may each cross reads.
            client.send("POST /t HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=\"quoted value\"\r\nhel");
            Thread.sleep(20);
            client.send("lo\r\n6 ; n\r\n world\r\n0;last\r\nX-Tra");
            Thread.sleep(20);
            RawResponse response = client.exchange("iler: t\r\n\r\n");

            assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
            String body = seen.get(10, TimeUnit.SECONDS);
            assertThat(body).doesNotContain(";").endsWith("\r\n0\r\nX-Trailer: t\r\n\r\n");
            assertThat(dechunked(body)).isEqualTo("hello world");
        }
    }

    /** The data of a chunked body whose chunk lines are sizes alone, up to its last chunk. */
    private static String dechunked(String body) {
        StringBuilder data = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, lineEnd), 16);
            if (size == 0) {
                return data.toString();
            }
            data.append(body, lineEnd + 2, lineEnd + 2 + size);
            assertThat(body.substring(lineEnd + 2 + size, lineEnd + 4 + size)).isEqualTo("\r\n");
            at = lineEnd + 4 + size;
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void hostileFieldsCannotForgeALogLine(Transport transport) throws Exception {
        String agent = "x\"},{\"status\":200,\"failure\":null,\"ua\":\"\u00e9\\";
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target());
             RawHttpClient client = proxy.client()) {
            // The raw head carries the agent in ISO-8859-1; only the quote and backslash are hostile
            // here, as CR, LF and other control bytes are refused before any log line is made.
            RawResponse response = client.send(("GET /p?q=%0d%0a%22 HTTP/1.1\r\nHost: a\r\n"
                    + "User-Agent: " + agent + "\r\nX-Request-Id: a\"b\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1)).read();

            assertThat(response.status()).isEqualTo(200);
            List<String> lines = proxy.log().awaitLines(1, WAIT);
            assertThat(lines).hasSize(1);
            JsonNode line = proxy.log().awaitFirstEntry(WAIT);
            assertThat(line.get("user_agent").asText()).isEqualTo(agent);
            assertThat(line.get("path").asText()).isEqualTo("/p?q=%0d%0a%22");
            assertThat(line.get("status").asInt()).isEqualTo(200);
            assertThat(line.get("request_id").asText()).isNotEqualTo("a\"b").matches("[A-Za-z0-9._:-]{1,128}");
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void anAbsoluteFormTargetIsServedWithItsAuthorityAsHost(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target());
             RawHttpClient client = proxy.client()) {
            RawResponse plain = client.exchange("GET http://Example.test:8080/x?y=1 HTTP/1.1\r\nHost: other\r\n\r\n");
            RawResponse query = client.exchange("GET https://example.test?z HTTP/1.1\r\nHost: example.test\r\n\r\n");
            RawResponse userinfo = client.exchange("GET http://user@example.test/ HTTP/1.1\r\nHost: a\r\n\r\n");

            assertThat(plain.status()).isEqualTo(200);
            assertThat(query.status()).isEqualTo(200);
            assertThat(app.received()).extracting(RecordingUpstream.Received::uri).containsExactly("/x?y=1", "/?z");
            assertThat(app.received().get(0).header("host")).isEqualTo("Example.test:8080");
            assertThat(userinfo.status()).isEqualTo(400);
            List<JsonNode> lines = proxy.log().awaitEntries(3, WAIT);
            assertThat(lines.get(0).get("path").asText()).isEqualTo("/x?y=1");
            assertThat(lines.get(0).get("host").asText()).isEqualTo("Example.test:8080");
            assertThat(lines.get(2).get("failure_detail").asText()).isEqualTo(
                    "request target in absolute form has an invalid authority (a host[:port] without userinfo)");
        }
    }
}
