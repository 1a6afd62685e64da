package dev.telltale.proxy;

import org.junit.jupiter.api.Tag;
import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.Ports;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.telltale.testing.Transports.TRANSPORTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forwarding core's promise before failures are fully classified: an upstream that cannot
 * answer still yields a 502/504 with the request ID and a log line, never a hang.
 */
@Tag("socket")
class UpstreamUnavailableTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void refusedConnectionGives502WithRequestIdAndLogLine(Transport transport) throws Exception {
        int closedPort = Ports.closed();
        try (ProxyHarness proxy = ProxyHarness.simple(transport, "127.0.0.1:" + closedPort);
             RawHttpClient client = proxy.client()) {
            RawResponse response = client.exchange("GET /x HTTP/1.1\r\nHost: a\r\n\r\n");

            assertThat(response.status()).isEqualTo(502);
            assertThat(response.header("proxy-status")).startsWith("telltale; error=connection_refused;");
            assertThat(response.header("cache-control")).isEqualTo("no-store");
            String id = response.header("x-request-id");
            assertThat(response.bodyText()).contains(id);
            JsonNode line = proxy.log().awaitFirstEntry(WAIT);
            assertThat(line.get("request_id").asText()).isEqualTo(id);
            assertThat(line.get("status").asInt()).isEqualTo(502);
            assertThat(line.get("failure").asText()).isEqualTo("connection_refused");
            assertThat(line.get("failure_detail").asText()).contains("refused");
            assertThat(line.get("origin").asText()).isEqualTo("proxy");
            // Retried once (the default retry.attempts is 2) and the retry is recorded.
            assertThat(line.get("attempts").asInt()).isEqualTo(2);
            assertThat(line.get("retries")).hasSize(1);
            assertThat(line.get("retries").get(0).get("failure").asText()).isEqualTo("connection_refused");
            assertThat(client.exchange("GET /again HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(502);
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void silentUpstreamGives504AfterResponseHeaderTimeout(Transport transport) throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (ProxyHarness proxy = ProxyHarness.start(transport, """
                    upstreams:
                      app: { targets: ["127.0.0.1:%d"] }
                    routes:
                      - name: slow
                        match: { path_prefix: / }
                        upstream: app
                        timeouts: { response_header: 300ms }
                    """.formatted(silent.getLocalPort()));
                 RawHttpClient client = proxy.client()) {
                RawResponse response = client.exchange("GET /x HTTP/1.1\r\nHost: a\r\n\r\n");

                assertThat(response.status()).isEqualTo(504);
                assertThat(response.header("proxy-status")).startsWith("telltale; error=http_response_timeout;");
                JsonNode line = proxy.log().awaitFirstEntry(WAIT);
                assertThat(line.get("request_id").asText()).isEqualTo(response.header("x-request-id"));
                assertThat(line.get("failure").asText()).isEqualTo("http_response_timeout");
                assertThat(line.get("failure_detail").asText())
                        .isEqualTo("no response head within 300ms (routes[slow].timeouts.response_header)");
                assertThat(line.get("attempts").asInt()).isEqualTo(1);
            } finally {
                for (Socket socket : accepted) {
                    socket.close();
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void upstreamClosingBeforeAnswerGives502(Transport transport) throws Exception {
        try (ServerSocket rude = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread closer = new Thread(() -> {
                try {
                    while (true) {
                        try (Socket socket = rude.accept()) {
                            socket.getInputStream().read(new byte[1024]);
                        }
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            closer.setDaemon(true);
            closer.start();
            try (ProxyHarness proxy = ProxyHarness.simple(transport, "127.0.0.1:" + rude.getLocalPort());
                 RawHttpClient client = proxy.client()) {
                RawResponse response = client.exchange("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi");
                assertThat(response.status()).isEqualTo(502);
                assertThat(response.header("proxy-status")).startsWith("telltale; error=connection_terminated;");
                JsonNode line = proxy.log().awaitFirstEntry(WAIT);
                assertThat(line.get("failure").asText()).isEqualTo("connection_terminated");
                assertThat(line.get("attempts").asInt()).isEqualTo(1);
            }
        }
    }
}
