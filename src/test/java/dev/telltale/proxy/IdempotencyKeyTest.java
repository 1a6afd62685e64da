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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.telltale.testing.Transports.TRANSPORTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keep-alive race lost on purpose: this upstream answers the first request on a connection
 * and closes it, unanswered, when a second one arrives, as an app does whose idle timer fired
 * while the request was on its way. A POST is not sent again, unless it carries an
 * {@code Idempotency-Key}: then it is, body and all, on a fresh connection. Each race has a proxy
 * of its own: having lost it once, a proxy learns the target's idle limit and avoids the next.
 */
@Tag("socket")
class IdempotencyKeyTest {

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aPostWithAnIdempotencyKeyIsSentAgainAfterTheRace(Transport transport) throws Exception {
        Race race = race(transport, "POST /order HTTP/1.1\r\nHost: a\r\nIdempotency-Key: \"8e03978e\"\r\n"
                + "Content-Length: 11\r\n\r\norder=42&x=");

        assertSentAgainWhole(race, "order=42&x=");
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aChunkedBodyIsSentAgainWhole(Transport transport) throws Exception {
        Race race = race(transport, "POST /order HTTP/1.1\r\nHost: a\r\nIdempotency-Key: \"77ab\"\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");

        assertSentAgainWhole(race, "hello world");
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aPostWithoutAKeyMayHaveBeenActedOnAndIsNotSentAgain(Transport transport) throws Exception {
        Race race = race(transport, "POST /order HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\norder");

        assertThat(race.response.status()).isEqualTo(502);
        assertThat(race.line.get("failure").asText()).isEqualTo("stale_connection");
        assertThat(race.line.get("attempts").asInt()).isEqualTo(1);
        assertThat(race.bodies).containsExactly("");
    }

    /** Lost the race, then answered from a second try that carried the whole body again. */
    private static void assertSentAgainWhole(Race race, String body) {
        assertThat(race.response.status()).isEqualTo(200);
        assertThat(race.response.bodyText()).isEqualTo(body);
        assertThat(race.line.get("attempts").asInt()).isEqualTo(2);
        assertThat(race.line.get("retries").get(0).get("failure").asText()).isEqualTo("stale_connection");
        assertThat(race.bodies).containsExactly("", body);
    }

    /** The answer to {@code request} sent second on a client connection, its log line, and the bodies the app took. */
    private record Race(RawResponse response, JsonNode line, List<String> bodies) {
    }

    private static Race race(Transport transport, String request) throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        try (ScriptedUpstream app = new ScriptedUpstream(connection -> {
            String head;
            boolean first = true;
            while ((head = connection.readHead()) != null) {
                String body = readBody(connection, head);
                if (!first) {
                    connection.close(); // the race: the second request finds the connection closing
                    return;
                }
                first = false;
                bodies.add(body);
                connection.respondOk(body.isEmpty() ? "hi" : body);
            }
        });
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target());
             RawHttpClient client = proxy.client()) {
            assertThat(client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(200);
            RawResponse response = client.exchange(request);
            List<JsonNode> lines = proxy.log().awaitEntries(2, Duration.ofSeconds(5));
            return new Race(response, lines.get(1), List.copyOf(bodies));
        }
    }

    /** The body by Content-Length, or the chunked body decoded; the request head is already read. */
    private static String readBody(ScriptedUpstream.Connection connection, String head) throws Exception {
        String lower = head.toLowerCase(Locale.ROOT);
        StringBuilder body = new StringBuilder();
        if (lower.contains("transfer-encoding: chunked")) {
            while (true) {
                int size = Integer.parseInt(line(connection).trim(), 16);
                if (size == 0) {
                    line(connection);
                    return body.toString();
                }
                body.append(new String(readN(connection, size), StandardCharsets.ISO_8859_1));
                line(connection);
            }
        }
        for (String header : lower.split("\r\n")) {
            if (header.startsWith("content-length:")) {
                return new String(readN(connection, Integer.parseInt(header.substring(15).trim())),
                        StandardCharsets.ISO_8859_1);
            }
        }
        return "";
    }

    private static String line(ScriptedUpstream.Connection connection) throws Exception {
        StringBuilder line = new StringBuilder();
        while (!line.toString().endsWith("\r\n")) {
            line.append(new String(readN(connection, 1), StandardCharsets.ISO_8859_1));
        }
        return line.substring(0, line.length() - 2);
    }

    private static byte[] readN(ScriptedUpstream.Connection connection, int n) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (out.size() < n) {
            byte[] some = connection.readSome(n - out.size());
            if (some.length == 0) {
                throw new java.io.EOFException("body cut short");
            }
            out.write(some);
        }
        return out.toByteArray();
    }
}
