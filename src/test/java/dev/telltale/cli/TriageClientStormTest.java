package dev.telltale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.Json;
import dev.telltale.testing.ProxyProcess;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RecordingUpstream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Triage of an access log recorded from a real proxy that a request-smuggling scanner (malformed
 * requests from one address), an oversized-header client and a slow one visited, beside ordinary
 * traffic: each flood is named with its count, its address and its window, in text and JSON.
 */
@Tag("process")
class TriageClientStormTest {

    private static final int MALFORMED = 400;
    private static final int OVERSIZED = 60;
    private static final int SLOW = 55;

    @TempDir
    Path dir;

    /** A connection from {@code source} (any 127.0.0.0/8 address is this machine's). */
    private static Socket from(String source, int port) throws Exception {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        return socket;
    }

    private static int exchange(String source, int port, String raw) throws Exception {
        try (RawHttpClient client = new RawHttpClient(from(source, port))) {
            return client.exchange(raw).status();
        }
    }

    @Test
    void floodsFromFewAddressesAreNamedWithTheirAddressesAndWindow() throws Exception {
        Path log = dir.resolve("access.log");
        Path config = Files.writeString(dir.resolve("proxy.yaml"), """
                listen:
                  address: 127.0.0.1
                  port: 0
                  client_header_timeout: 300ms
                  max_request_header_bytes: 1KiB
                admin: { address: 127.0.0.1, port: 0 }
                upstreams:
                  app: { targets: ["%s"] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app }
                access_log: { target: "%s" }
                """);
        try (RecordingUpstream app = new RecordingUpstream("app")) {
            Files.writeString(config, Files.readString(config).formatted(app.target(), log));
            try (ProxyProcess proxy = ProxyProcess.start(config)) {
                int port = proxy.awaitPort();
                for (int i = 0; i < 40; i++) {
                    assertThat(exchange("127.0.0.4", port, "GET /ok HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(200);
                }
                // A smuggling probe: both framings at once, refused with 400.
                for (int i = 0; i < MALFORMED; i++) {
                    assertThat(exchange("127.0.0.2", port, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")).isEqualTo(400);
                }
                String cookie = "Cookie: " + "c".repeat(2048) + "\r\n";
                for (int i = 0; i < OVERSIZED; i++) {
                    assertThat(exchange("127.0.0.3", port, "GET / HTTP/1.1\r\nHost: a\r\n" + cookie + "\r\n"))
                            .isEqualTo(431);
                }
                // Heads begun and never finished, all at once: each is answered 408 at the header timeout.
                List<Socket> slow = new ArrayList<>();
                for (int i = 0; i < SLOW; i++) {
                    Socket socket = from("127.0.0.5", port);
                    socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\n".getBytes(StandardCharsets.US_ASCII));
                    slow.add(socket);
                }
                for (Socket socket : slow) {
                    assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
                            .startsWith("HTTP/1.1 408 ");
                    socket.close();
                }
                assertThat(proxy.stopAndWait()).isZero();
            }
        }
        assertThat(Files.readAllLines(log)).hasSize(40 + MALFORMED + OVERSIZED + SLOW);

        try (ProxyProcess triage = ProxyProcess.command("triage", log.toString())) {
            assertThat(triage.awaitExit(60)).isZero();
            String text = String.join("\n", triage.stdout());
            assertThat(text).contains("Client-side storms (the clients' doing, beside the verdict above)")
                    .containsPattern("  " + MALFORMED + " malformed requests from 127\\.0\\.0\\.2 in \\d+ s"
                            + " \\(\\d\\d:\\d\\d:\\d\\d to \\d\\d:\\d\\d:\\d\\d\\): a scanner or a broken client")
                    .contains("  " + OVERSIZED + " oversized requests (head, target or body over the listener's limits)"
                            + " from 127.0.0.3 in ")
                    .contains("  " + SLOW + " requests whose head did not arrive within client_header_timeout from"
                            + " 127.0.0.5 in ");
        }
        try (ProxyProcess triage = ProxyProcess.command("triage", "--json", log.toString())) {
            assertThat(triage.awaitExit(60)).isZero();
            JsonNode storms = Json.parse(String.join("\n", triage.stdout())).get("client_storms");
            assertThat(storms).extracting(storm -> storm.get("kind").asText()).containsExactly("malformed", "oversized",
                    "slow");
            JsonNode malformed = storms.get(0);
            assertThat(malformed.get("requests").asInt()).isEqualTo(MALFORMED);
            assertThat(malformed.get("addresses").get(0).get("client").asText()).isEqualTo("127.0.0.2");
            assertThat(malformed.get("addresses").get(0).get("requests").asInt()).isEqualTo(MALFORMED);
            assertThat(malformed.get("other_addresses").asInt()).isZero();
            assertThat(malformed.get("first_seen").asText()).isLessThanOrEqualTo(malformed.get("last_seen").asText());
        }
    }
}
