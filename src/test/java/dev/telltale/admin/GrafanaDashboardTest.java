package dev.telltale.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.InstalledTools;
import dev.telltale.testing.Json;
import dev.telltale.testing.Ports;
import dev.telltale.testing.PrometheusServer;
import dev.telltale.testing.ProxyProcess;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RecordingUpstream;
import dev.telltale.testing.TlsFixture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * config/grafana/telltale-dashboard.json against a real Prometheus scraping a running proxy under a
 * little load over TLS (served requests, failures to a closed port, a reload, a collection): every panel's
 * query is valid PromQL and returns data.
 */
@Tag("process")
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("config/grafana/telltale-dashboard.json");
    /** Ten scrapes at 1 s: enough samples in each window for rate() on a slow machine. */
    private static final String RATE_INTERVAL = "10s";

    @TempDir
    Path dir;

    @Test
    void everyPanelQueryReturnsDataFromAPrometheusScrapingTheProxy() throws Exception {
        Path prometheus = InstalledTools.require("Prometheus (Debian package prometheus)", "prometheus");
        Map<String, String> queries = panelQueries();
        assertThat(queries).isNotEmpty();
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyProcess proxy = ProxyProcess.start(config(app.target()))) {
            int port = proxy.awaitPort();
            int admin = proxy.awaitAdminPort();
            AtomicBoolean loading = new AtomicBoolean(true);
            Thread load = new Thread(() -> load(port, loading), "dashboard-load");
            load.start();
            try (PrometheusServer server = PrometheusServer.start(prometheus, "127.0.0.1:" + admin, dir)) {
                Files.writeString(dir.resolve("proxy.yaml"), Files.readString(dir.resolve("proxy.yaml")) + "\n");
                proxy.signal("HUP");
                proxy.awaitStderr("reloaded", 15);
                collectGarbage(proxy.pid());

                Map<String, JsonNode> answers = awaitData(server, queries, Duration.ofSeconds(40));
                answers.forEach((title, answer) -> {
                    assertThat(answer.path("status").asText()).as(title + ": " + answer).isEqualTo("success");
                    assertThat(answer.path("data").path("result")).as(title + " returned no data").isNotEmpty();
                });
            } finally {
                loading.set(false);
                load.join(TimeUnit.SECONDS.toMillis(15));
            }
            assertThat(proxy.stopAndWait()).isZero();
        }
    }

    /** A TLS listener, so that the certificate's panels have data too. */
    private Path config(String target) throws Exception {
        Path file = dir.resolve("proxy.yaml");
        Path cert = Files.writeString(dir.resolve("tls.crt"), TlsFixture.certificates().valid.getCertificatePEM());
        Path key = Files.writeString(dir.resolve("tls.key"), TlsFixture.certificates().valid.getPrivateKeyPEM());
        Files.writeString(file, """
                listen: { address: 127.0.0.1, port: 0, tls: { cert: "%s", key: "%s" } }
                admin: { address: 127.0.0.1, port: 0 }
                upstreams:
                  app: { targets: ["%s"] }
                  dead: { targets: ["127.0.0.1:%d"] }
                routes:
                  - { name: broken, match: { path_prefix: /broken }, upstream: dead }
                  - { name: web, match: { path_prefix: / }, upstream: app }
                """.formatted(cert, key, target, Ports.closed()));
        return file;
    }

    /** Each panel target's PromQL with Grafana's variables put in, keyed by panel title and refId. */
    private static Map<String, String> panelQueries() throws Exception {
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : Json.parse(Files.readString(DASHBOARD)).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.put(panel.path("title").asText() + " " + target.path("refId").asText(),
                        target.path("expr").asText().replace("$__rate_interval", RATE_INTERVAL));
            }
        }
        return queries;
    }

    /** Requests until told to stop: served ones by GET and POST, and failures to the closed port. */
    private static void load(int port, AtomicBoolean loading) {
        List<String> requests = List.of("GET /x", "POST /x", "GET /broken");
        for (int i = 0; loading.get(); i++) {
            try (RawHttpClient client = new RawHttpClient(TlsFixture.connect(port))) {
                client.exchange(requests.get(i % requests.size())
                        + " HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n");
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // the proxy is stopping
            }
        }
    }

    /** The proxy may not collect in a short run; jvm_gc_pause_seconds appears at its first collection. */
    private static void collectGarbage(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process run = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).as("jcmd GC.run finished").isTrue();
        assertThat(run.exitValue()).isZero();
    }

    /** Queries until each has data or the deadline passes; the last answer of each. */
    private static Map<String, JsonNode> awaitData(PrometheusServer server, Map<String, String> queries,
                                                   Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        List<String> pending = new ArrayList<>(queries.keySet());
        while (true) {
            for (String title : List.copyOf(pending)) {
                JsonNode answer = server.query(queries.get(title));
                answers.put(title, answer);
                if (!"success".equals(answer.path("status").asText())) {
                    return answers;
                }
                if (!answer.path("data").path("result").isEmpty()) {
                    pending.remove(title);
                }
            }
            if (pending.isEmpty() || System.nanoTime() > deadline) {
                return answers;
            }
            Thread.sleep(500);
        }
    }
}
