package dev.telltale.proxy;

import org.junit.jupiter.api.Tag;
import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.testing.ScriptedUpstream;
import dev.telltale.upstream.Transport;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.telltale.testing.Transports.TRANSPORTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upstream resets the connection while the client's body is still on its way, and the proxy
 * learns it from the body write itself: the reset and the next body bytes reach the proxy in
 * the same wake-up of its event loop, the body bytes first. The write fails before it returns,
 * and the exchange fails over it there; the answer is the classified 502, not a bug.
 */
@Tag("socket")
class UpstreamGoneMidRequestTest {

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aResetFoundByABodyWriteIsA502ConnectionTerminated(Transport transport) throws Exception {
        CountDownLatch headArrived = new CountDownLatch(1);
        CountDownLatch resetNow = new CountDownLatch(1);
        CountDownLatch resetSent = new CountDownLatch(1);
        try (ScriptedUpstream app = new ScriptedUpstream(connection -> {
                 connection.readHead();
                 headArrived.countDown();
                 resetNow.await();
                 connection.reset();
                 resetSent.countDown();
             });
             ProxyHarness proxy = ProxyHarness.simple(transport, app.target());
             RawHttpClient client = proxy.client()) {
            client.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 20\r\n\r\nfirst");
            assertThat(headArrived.await(5, TimeUnit.SECONDS)).isTrue();

            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch held = holdEveryEventLoop(proxy, release);
            assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
            client.send("second"); // 11 of 20 bytes: not the body's last piece
            Thread.sleep(100);
            resetNow.countDown();
            assertThat(resetSent.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(100); // loopback delivers at once; this is margin
            release.countDown();

            RawResponse response = client.read();
            assertThat(response.status()).isEqualTo(502);
            assertThat(response.header("proxy-status")).contains("error=connection_terminated");
            List<JsonNode> lines = proxy.log().awaitEntries(1, Duration.ofSeconds(5));
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0).get("failure").asText()).isEqualTo("connection_terminated");
            assertThat(lines.get(0).get("request_id").asText()).isEqualTo(response.header("x-request-id"));
        }
    }

    /** Blocks each of the proxy's event loops until {@code release}; the result counts them in. */
    private static CountDownLatch holdEveryEventLoop(ProxyHarness proxy, CountDownLatch release) {
        List<EventExecutor> loops = new java.util.ArrayList<>();
        proxy.server().eventLoops().forEach(loops::add);
        CountDownLatch held = new CountDownLatch(loops.size());
        for (EventExecutor loop : loops) {
            loop.execute(() -> {
                held.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        return held;
    }
}
