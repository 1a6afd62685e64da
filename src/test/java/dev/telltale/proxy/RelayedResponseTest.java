package dev.telltale.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.Ports;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.testing.ScriptedUpstream;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;

import static dev.telltale.testing.Transports.TRANSPORTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The response relayed as bytes, end to end: what the proxy writes itself around the upstream's
 * head and body, on real connections, where the upstream's framing and the client's differ.
 */
@Tag("socket")
class RelayedResponseTest {

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aBodyWithoutLengthIsChunkedForAnHttp11ClientWhichKeepsItsConnection(Transport transport) throws Exception {
        try (ScriptedUpstream app = new ScriptedUpstream(connection -> {
                connection.readRequest();
                connection.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nno length");
                connection.close();
            });
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target());
             RawHttpClient client = proxy.client()) {
            for (int i = 0; i < 2; i++) {
                RawResponse response = client.exchange("GET /a HTTP/1.1\r\nHost: a\r\n\r\n");
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.header("transfer-encoding")).isEqualTo("chunked");
                assertThat(response.header("connection")).isNull();
                assertThat(response.bodyText()).isEqualTo("no length");
            }
            assertThat(proxy.log().awaitEntries(2, Duration.ofSeconds(5)))
                    .allSatisfy(line -> assertThat(line.get("bytes_out").asLong()).isEqualTo(9));
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void theProxysOwnAnswerToAHeadRequestHasNoBodyAndTheConnectionGoesOn(Transport transport) throws Exception {
        try (ProxyHarness proxy = ProxyHarness.simple(transport, "127.0.0.1:" + Ports.closed());
             RawHttpClient client = proxy.client()) {
            RawResponse head = client.exchange("HEAD /x HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(head.status()).isEqualTo(502);
            assertThat(Integer.parseInt(head.header("content-length"))).isPositive();
            // Had the page's bytes followed the head, they would be read here as the next status line.
            RawResponse next = client.exchange("GET /x HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(next.status()).isEqualTo(502);
            assertThat(next.body()).hasSize(Integer.parseInt(next.header("content-length")));
            assertThat(next.header("x-request-id")).isNotEqualTo(head.header("x-request-id"));
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void interimAnswersGoOnBeforeTheFinalOne(Transport transport) throws Exception {
        try (ScriptedUpstream app = new ScriptedUpstream(connection -> {
                connection.readRequest();
                connection.write("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                connection.readRequest();
            });
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target());
             RawHttpClient client = proxy.client()) {
            RawResponse hints = client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(hints.status()).isEqualTo(103);
            assertThat(hints.header("link")).isEqualTo("</a.css>; rel=preload");
            RawResponse answer = client.read();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.bodyText()).isEqualTo("ok");
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aSwitchOfProtocolsNobodyAskedForIsAProtocolError(Transport transport) throws Exception {
        try (ScriptedUpstream app = new ScriptedUpstream(connection -> {
                connection.readRequest();
                connection.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n");
                connection.readRequest();
            });
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target());
             RawHttpClient client = proxy.client()) {
            RawResponse response = client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(response.status()).isEqualTo(502);
            JsonNode line = proxy.log().awaitFirstEntry(Duration.ofSeconds(5));
            assertThat(line.get("failure").asText()).isEqualTo("http_protocol_error");
            assertThat(line.get("failure_detail").asText()).contains("switched protocols (101)");
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void bytesPastTheBodysLengthAreNotRelayedAndTheConnectionIsNotReused(Transport transport) throws Exception {
        try (ScriptedUpstream app = new ScriptedUpstream(connection -> {
                while (true) {
                    connection.readRequest();
                    connection.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n\r\n");
                }
            });
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target());
             RawHttpClient client = proxy.client()) {
            for (int i = 0; i < 2; i++) {
                RawResponse response = client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.bodyText()).isEqualTo("ok");
            }
            assertThat(app.connections()).as("a connection that sent what nobody asked for is not reused").isEqualTo(2);
        }
    }
}
