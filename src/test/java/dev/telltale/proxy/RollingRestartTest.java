package dev.telltale.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.Ports;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling restart under steady traffic: a real app process (Python) is stopped and started
 * again three times, down about a second each time, while a client sends GETs and small POSTs
 * one after another. With the deploy hold on, no client sees anything but 2xx; with it off,
 * the failures are counted and classified. The POSTs carry an Idempotency-Key: an app that stops
 * listening resets the connections its kernel had queued for it, request and all, unread; the
 * proxy sends such a request again only when that is safe (a GET, or a POST the app deduplicates),
 * so a POST without a key could rarely see that reset as a 502 whatever the proxy did.
 */
@Tag("process")
class RollingRestartTest {

    private static final int RESTARTS = 3;
    private static final Duration DOWN = Duration.ofSeconds(1);
    private static final Duration UP = Duration.ofMillis(800);

    private Process app;
    /** The log lines of the answers that were not 2xx, to say which request failed how. */
    private final List<String> failedLines = new ArrayList<>();

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.destroyForcibly();
        }
    }

    @Test
    void withTheHoldOnNoClientSeesTheRestarts() throws Exception {
        Map<String, Integer> outcomes = restartUnderLoad("{ hold: 10s }");
        System.out.println("rolling restart, hold on: " + outcomes);
        assertThat(outcomes.keySet()).as("every answer a 2xx; the others: %s", failedLines).containsOnly("200");
        assertThat(outcomes.get("200")).isGreaterThan(RESTARTS * 10);
    }

    @Test
    void withTheHoldOffTheRestartsAreFailuresTheLogClassifies() throws Exception {
        Map<String, Integer> outcomes = restartUnderLoad("{ hold: 0 }");
        System.out.println("rolling restart, hold off: " + outcomes);
        assertThat(outcomes.keySet()).as("a restart costs 502s when nothing holds").contains("502 connection_refused");
        assertThat(outcomes.keySet()).as("only refused connections fail; the others: %s", failedLines)
                .allMatch(key -> key.equals("200") || key.equals("502 connection_refused"));
    }

    /** Restarts the app under a steady sequential load; returns the answers as "status [failure]" counts. */
    private Map<String, Integer> restartUnderLoad(String retry) throws Exception {
        int port = Ports.closed();
        Path script = Path.of("src/test/resources/dev/telltale/proxy/restarting_app.py");
        app = startApp(script, port);
        Map<String, Integer> outcomes = new TreeMap<>();
        try (ProxyHarness proxy = ProxyHarness.start(Transport.best(), """
                upstreams:
                  app: { targets: ["127.0.0.1:%d"] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app, retry: %s }
                """.formatted(port, retry))) {
            AtomicBoolean running = new AtomicBoolean(true);
            Thread load = new Thread(() -> {
                int i = 0;
                while (running.get()) {
                    String request = i++ % 2 == 0 ? "GET /item HTTP/1.1\r\nHost: a\r\n\r\n"
                            : "POST /order HTTP/1.1\r\nHost: a\r\nIdempotency-Key: order-" + i
                            + "\r\nContent-Length: 8\r\n\r\norder=" + (i % 10) + ";";
                    try (RawHttpClient client = proxy.client()) {
                        client.exchange(request);
                    } catch (Exception e) {
                        throw new IllegalStateException("the client got no answer", e);
                    }
                    sleep(5);
                }
            }, "steady-load");
            load.start();
            for (int restart = 0; restart < RESTARTS; restart++) {
                sleep(UP.toMillis());
                app.destroy(); // SIGTERM: the app stops accepting, finishes what it has, exits
                assertThat(app.waitFor(10, TimeUnit.SECONDS)).isTrue();
                sleep(DOWN.toMillis());
                app = startApp(script, port);
            }
            sleep(UP.toMillis());
            running.set(false);
            load.join(30_000);
            assertThat(load.isAlive()).isFalse();
            for (JsonNode line : proxy.log().lines().stream().map(dev.telltale.testing.Json::parse).toList()) {
                if (!line.has("request_id")) {
                    continue;
                }
                String key = line.get("status").asText() + (line.get("failure").isNull() ? ""
                        : " " + line.get("failure").asText());
                outcomes.merge(key, 1, Integer::sum);
                if (!line.get("failure").isNull()) {
                    failedLines.add(line.toString());
                }
            }
        }
        return outcomes;
    }

    private static Process startApp(Path script, int port) throws Exception {
        Process process = new ProcessBuilder("python3", script.toString(), Integer.toString(port))
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertThat(first).as("the app starts").isEqualTo("listening");
        return process;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
