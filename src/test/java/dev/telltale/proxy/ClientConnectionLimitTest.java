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

import java.time.Duration;
import java.util.List;

import static dev.telltale.testing.Transports.TRANSPORTS;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code listen.max_connections} over real sockets: one connection too many gets a clean 503 and a log line. */
@Tag("socket")
class ClientConnectionLimitTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aConnectionBeyondTheLimitGets503AndALogLineAndTheLimitFreesWhenOneCloses(Transport transport)
            throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.startWhole(transport, """
                     listen:
                       address: 127.0.0.1
                       port: 0
                       max_connections: 2
                     upstreams:
                       app: { targets: [ "%s" ] }
                     routes:
                       - { name: web, match: { path_prefix: / }, upstream: app }
                     """.formatted(app.target()));
             RawHttpClient first = proxy.client();
             RawHttpClient second = proxy.client()) {
            assertThat(first.exchange("GET /one HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(200);
            assertThat(second.exchange("GET /two HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(200);

            RawResponse refused;
            try (RawHttpClient third = proxy.client()) {
                refused = third.exchange("GET /three HTTP/1.1\r\nHost: a\r\nAccept: application/json\r\n\r\n");
                assertThat(third.closedByPeer()).isTrue();
            }

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("proxy-status")).startsWith("telltale; error=client_connection_limit_reached");
            assertThat(refused.header("retry-after")).isNotNull();
            assertThat(refused.header("connection")).isEqualTo("close");
            assertThat(refused.header("content-type")).startsWith("application/problem+json");
            assertThat(refused.bodyText()).contains("\"failure\":\"client_connection_limit_reached\"");
            assertThat(app.received()).extracting(RecordingUpstream.Received::uri).containsExactly("/one", "/two");

            List<JsonNode> lines = proxy.log().awaitEntries(3, WAIT);
            JsonNode line = lines.get(2);
            assertThat(line.get("request_id").asText()).isEqualTo(refused.header("x-request-id"));
            assertThat(line.get("path").asText()).isEqualTo("/three");
            assertThat(line.get("status").asInt()).isEqualTo(503);
            assertThat(line.get("failure").asText()).isEqualTo("client_connection_limit_reached");
            assertThat(line.get("failure_detail").asText())
                    .isEqualTo("the proxy already holds 2 client connections (listen.max_connections = 2)");
            assertThat(line.get("upstream").isNull()).isTrue();

            // The held connections still work, and one closing makes room for a new one.
            assertThat(first.exchange("GET /again HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(200);
            second.close();
            assertThat(statusOfANewConnectionOnceRoomIsMade(proxy)).isEqualTo(200);
        }
    }

    /** The count drops when the proxy has processed the close, a moment after the client's. */
    private static int statusOfANewConnectionOnceRoomIsMade(ProxyHarness proxy) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int status;
        do {
            try (RawHttpClient next = proxy.client()) {
                status = next.exchange("GET /four HTTP/1.1\r\nHost: a\r\n\r\n").status();
            }
            if (status == 200) {
                return status;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return status;
    }
}
