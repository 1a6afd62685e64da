package dev.telltale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.Json;
import dev.telltale.testing.Ports;
import dev.telltale.testing.PrometheusText;
import dev.telltale.testing.ProxyProcess;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.testing.ScriptedUpstream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The deploy hold and the learnt idle limit in a real proxy process, as an operator meets them. */
@Tag("process")
class HoldAndIdleLimitProcessTest {

    @TempDir
    Path dir;

    private Path config(String target, int adminPort, String retry) throws Exception {
        Path file = dir.resolve("proxy.yaml");
        Files.writeString(file, """
                listen: { address: 127.0.0.1, port: 0 }
                admin: { address: 127.0.0.1, port: %d }
                defaults:
                  retry: %s
                upstreams:
                  app: { targets: ["%s"] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app }
                access_log: { target: "%s" }
                shutdown_grace: 20s
                """.formatted(adminPort, retry, target, dir.resolve("access.log")));
        return file;
    }

    private static RawResponse get(int port, String path, String accept) throws Exception {
        try (RawHttpClient client = new RawHttpClient(port)) {
            return client.exchange("GET " + path + " HTTP/1.1\r\nHost: a\r\nAccept: " + accept + "\r\n\r\n");
        }
    }

    /** Requests waiting in the hold now; none before the first one waited. */
    private static double heldNow(int admin) throws Exception {
        return PrometheusText.parse(get(admin, "/metrics", "*/*").bodyText()).stream()
                .filter(s -> s.name().equals("telltale_hold_waiting")).mapToDouble(PrometheusText.Sample::value)
                .sum();
    }

    @Test
    void sigtermAnswersARequestWaitingInTheHoldAtOnceAndTheProxyExits() throws Exception {
        try (ProxyProcess proxy = ProxyProcess.start(config("127.0.0.1:" + Ports.closed(), 0, "{ hold: 60s }"))) {
            int port = proxy.awaitPort();
            int admin = proxy.awaitAdminPort();
            CompletableFuture<RawResponse> held = CompletableFuture.supplyAsync(() -> {
                try {
                    return get(port, "/deploying", "text/plain");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (heldNow(admin) < 1) {
                assertThat(System.nanoTime()).as("the request is held").isLessThan(deadline);
                Thread.sleep(20);
            }

            Thread.sleep(50);
            long signalled = System.nanoTime();
            proxy.signal("TERM");
            RawResponse answer = held.get(5, TimeUnit.SECONDS);
            long answeredMs = (System.nanoTime() - signalled) / 1_000_000;

            assertThat(answer.status()).isEqualTo(502);
            assertThat(answer.header("proxy-status")).contains("error=connection_refused").contains("held ");
            assertThat(answer.bodyText()).contains("then answered at once: the proxy is shutting down");
            assertThat(answeredMs).as("answered at the signal, not after the 60 s hold").isLessThan(5_000);
            assertThat(proxy.awaitExit(15)).isZero();
            JsonNode line = Json.parse(Files.readAllLines(dir.resolve("access.log")).stream()
                    .filter(l -> l.contains("/deploying")).findFirst().orElseThrow());
            assertThat(line.get("held_ms").asLong()).isGreaterThanOrEqualTo(50);
        }
    }

    @Test
    void anIdleLimitTheProxyLearntIsOneWarningAndShowsInStatusAndInDoctor() throws Exception {
        try (ScriptedUpstream app = new ScriptedUpstream(connection -> {
            try {
                while (connection.readRequest() != null) {
                    connection.respondOk("hi");
                    connection.readTimeout(400); // closes an idle connection silently, as many app servers do
                }
            } catch (SocketTimeoutException idle) {
                connection.close();
            }
        })) {
            int adminPort = Ports.closed();
            Path file = config(app.target(), adminPort, "{ hold: 0 }");
            try (ProxyProcess proxy = ProxyProcess.start(file)) {
                int port = proxy.awaitPort();
                proxy.awaitAdminPort();
                for (int i = 0; i < 3; i++) {
                    try (RawHttpClient client = new RawHttpClient(port)) {
                        assertThat(client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(200);
                        Thread.sleep(700); // past the app's limit: it closes the pooled connection
                    }
                }
                String warning = proxy.awaitStderr("closes connections idle for", 10);
                assertThat(warning).containsPattern("WARN .*upstream app: target " + app.target().replace(".", "\\.")
                        + " closes connections idle for 0\\.[3-6]\\d s without announcing it \\(no Keep-Alive: "
                        + "timeout\\); pooled connections to it now retire after \\d+ ms\\. To state it: "
                        + "upstreams\\.app\\.pool\\.idle_timeout: \\d+ms");
                assertThat(proxy.stderr().stream().filter(l -> l.contains("closes connections idle for")))
                        .as("one warning, not one per close").hasSize(1);

                JsonNode target = Json.parse(get(adminPort, "/status", "application/json").bodyText())
                        .get("upstreams").get(0).get("targets").get(0);
                long learnt = target.get("idle_close_ms").asLong();
                assertThat(learnt).as("measured from the proxy's side, a little under the app's 400 ms").isBetween(350L, 650L);
                long keeps = target.get("pool_keeps_ms").asLong();
                assertThat(keeps).isCloseTo(learnt - learnt / 4, org.assertj.core.data.Offset.offset(1L));
                assertThat(get(adminPort, "/status", "text/html").bodyText())
                        .contains("closes connections idle for " + learnt + " ms (learnt)");

                CommandRun doctor = CommandRun.of("doctor", "--config", file.toString());
                assertThat(doctor.exitCode()).isZero();
                assertThat(doctor.out()).contains("✓ idle     ok       the running proxy learnt that it closes "
                        + "connections idle for " + learnt + " ms without announcing it; pooled ones retire after "
                        + keeps + " ms (to state it: upstreams.app.pool.idle_timeout: " + keeps + "ms)");
            }
            CommandRun alone = CommandRun.of("doctor", "--config", file.toString());
            assertThat(alone.out()).as("no proxy runs: nothing to say about idle limits").doesNotContain("idle ");
        }
    }
}
