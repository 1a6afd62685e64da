package dev.telltale.proxy;

import org.junit.jupiter.api.Tag;
import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.WebSocketEchoUpstream;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.telltale.testing.Transports.TRANSPORTS;
import static org.assertj.core.api.Assertions.assertThat;

/** A real WebSocket client talks to a real WebSocket upstream through the proxy. */
@Tag("socket")
class WebSocketTunnelTest {

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void websocketMessagesAreTunnelledBothWays(Transport transport) throws Exception {
        try (WebSocketEchoUpstream app = new WebSocketEchoUpstream();
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target())) {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create("ws://127.0.0.1:" + proxy.port() + "/ws"), new WebSocket.Listener() {
                        private final StringBuilder message = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            message.append(data);
                            if (last) {
                                received.add(message.toString());
                                message.setLength(0);
                            }
                            webSocket.request(1);
                            return null;
                        }
                    }).get(5, TimeUnit.SECONDS);

            socket.sendText("hello", true).get(5, TimeUnit.SECONDS);
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("echo: hello");
            socket.sendText("x".repeat(20_000), true).get(5, TimeUnit.SECONDS);
            String big = received.poll(5, TimeUnit.SECONDS);
            assertThat(big).hasSize(20_006).isEqualTo("echo: " + "x".repeat(20_000));
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);

            JsonNode line = proxy.log().awaitFirstEntry(Duration.ofSeconds(5));
            assertThat(line.get("status").asInt()).isEqualTo(101);
            assertThat(line.get("upstream_status").asInt()).isEqualTo(101);
            assertThat(line.get("route").asText()).isEqualTo("web");
            assertThat(line.get("failure").isNull()).isTrue();
        }
    }
}
