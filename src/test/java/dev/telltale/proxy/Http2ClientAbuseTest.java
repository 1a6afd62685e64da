package dev.telltale.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.http2.ClientHttp2;
import dev.telltale.testing.Curl;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawH2Client;
import dev.telltale.testing.RawH2Client.Frame;
import dev.telltale.testing.RecordingUpstream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an HTTP/2 client may do that a browser would not, from a scripted peer: reset a stream while
 * its request is at the upstream (logged as {@code client_closed} with the code), reset streams as
 * fast as it can open them (the rapid-reset attack, bounded), and send a field that would be two
 * lines in HTTP/1.1 (refused before anything is forwarded).
 */
@Tag("socket")
class Http2ClientAbuseTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final long CANCEL = 0x8;
    private static final long PROTOCOL_ERROR = 0x1;
    private static final long ENHANCE_YOUR_CALM = 0xb;

    private static ProxyHarness h2cProxy(String target) throws Exception {
        return ProxyHarness.startH2c("""
                upstreams:
                  app: { targets: [ "%s" ] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app }
                """.formatted(target));
    }

    @Test
    void aStreamTheClientResetsIsLoggedAsClientClosedWithItsCode() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = h2cProxy(app.target());
             RawH2Client client = new RawH2Client(proxy.port())) {
            client.get(1, "/slow/3000");
            client.flush();
            assertThat(app.awaitRequests(1, WAIT)).as("the stream reached the app before the client cut it").isTrue();
            client.reset(1, CANCEL);
            client.flush();
            JsonNode line = proxy.log().awaitEntries(1, WAIT).get(0);
            assertThat(line.get("status").asInt()).isEqualTo(499);
            assertThat(line.get("failure").asText()).isEqualTo("client_closed");
            assertThat(line.get("failure_detail").asText()).contains("RST_STREAM CANCEL");
            assertThat(line.get("path").asText()).isEqualTo("/slow/3000");
        }
    }

    @Test
    void aStreamCutByTheClientsGoAwayAndCloseIsLoggedWithTheCode() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = h2cProxy(app.target())) {
            try (RawH2Client client = new RawH2Client(proxy.port())) {
                client.get(1, "/slow/3000");
                client.flush();
                assertThat(app.awaitRequests(1, WAIT)).as("the stream reached the app before the client cut it").isTrue();
                client.goAway(ENHANCE_YOUR_CALM);
                client.flush();
                Thread.sleep(100); // the GOAWAY is read before the close
            }
            JsonNode line = proxy.log().awaitEntries(1, WAIT).get(0);
            assertThat(line.get("failure").asText()).isEqualTo("client_closed");
            assertThat(line.get("failure_detail").asText()).contains("GOAWAY ENHANCE_YOUR_CALM");
        }
    }

    @Test
    void aFloodOfFieldsIsRefusedAsOverHttp11AndAFloodOfContinuationsClosesTheConnection() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = h2cProxy(app.target())) {
            try (RawH2Client client = new RawH2Client(proxy.port())) {
                String[] fields = new String[8 + 2 * 150];
                System.arraycopy(new String[] {":method", "GET", ":scheme", "http", ":authority", "a", ":path", "/many"},
                        0, fields, 0, 8);
                for (int i = 0; i < 150; i++) {
                    fields[8 + 2 * i] = "x-field-" + i;
                    fields[9 + 2 * i] = "v";
                }
                client.headers(1, true, fields);
                client.flush();
                List<Frame> frames = client.readUntilGoAwayOrClose(1_500);
                assertThat(frames).filteredOn(frame -> frame.type() == RawH2Client.HEADERS && frame.stream() == 1)
                        .first().satisfies(head -> {
                            assertThat(head.fields()).containsEntry(":status", "400");
                            assertThat(head.fields().get("proxy-status")).contains("more than 100 header fields");
                        });
            }
            try (RawH2Client client = new RawH2Client(proxy.port())) {
                client.headersUnfinished(1, ":method", "GET");
                for (int i = 0; i < 20_000; i++) {
                    client.emptyContinuation(1);
                }
                client.flush();
                List<Frame> frames = client.readUntilGoAwayOrClose(5_000);
                assertThat(frames).filteredOn(frame -> frame.type() == RawH2Client.GOAWAY).as("closed for it")
                        .isNotEmpty();
            } catch (java.net.SocketException closedWhileSending) {
                // the proxy closed the connection before the flood was all written: bounded all the same
            }
            assertThat(app.received()).extracting(RecordingUpstream.Received::uri).doesNotContain("/many");
        }
    }

    @Test
    void rapidResetIsCutOffWithGoAway() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = h2cProxy(app.target())) {
            int streams = 400;
            List<Frame> frames;
            try (RawH2Client client = new RawH2Client(proxy.port())) {
                for (int i = 0; i < streams; i++) {
                    client.get(2 * i + 1, "/flood");
                    client.reset(2 * i + 1, CANCEL);
                }
                client.flush();
                frames = client.readUntilGoAwayOrClose(5_000);
            }
            assertThat(frames).filteredOn(frame -> frame.type() == RawH2Client.GOAWAY)
                    .as("the connection is closed for it").singleElement()
                    .satisfies(goAway -> assertThat(goAway.errorCode()).isEqualTo(ENHANCE_YOUR_CALM));
            assertThat(app.received().size()).as("requests that reached the app")
                    .isLessThanOrEqualTo(ClientHttp2.MAX_RESETS_PER_WINDOW);
            // The proxy still serves everyone else.
            Curl.Result after = Curl.run("--http2-prior-knowledge", "http://127.0.0.1:" + proxy.port() + "/after");
            assertThat(after.status()).isEqualTo(200);
        }
    }

    @Test
    void aFieldThatWouldBeTwoLinesInHttp11IsRefusedAndNotForwarded() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = h2cProxy(app.target());
             RawH2Client client = new RawH2Client(proxy.port())) {
            client.headers(1, true, ":method", "GET", ":scheme", "http", ":authority", "a", ":path", "/x",
                    "x-note", "1\r\nx-injected: yes");
            client.get(3, "/fine");
            client.flush();
            List<Frame> frames = client.readUntilGoAwayOrClose(1_500);
            assertThat(frames).as("a stream error on stream 1, or a connection error")
                    .anySatisfy(frame -> {
                        assertThat(frame.type() == RawH2Client.RST_STREAM && frame.stream() == 1
                                || frame.type() == RawH2Client.GOAWAY).isTrue();
                        assertThat(frame.errorCode()).isEqualTo(PROTOCOL_ERROR);
                    });
            assertThat(app.received()).extracting(RecordingUpstream.Received::uri).doesNotContain("/x");
            assertThat(app.received()).allSatisfy(seen -> assertThat(seen.header("x-injected")).isNull());
        }
    }
}
