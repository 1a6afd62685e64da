package dev.telltale.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine's Prometheus server (Debian's {@code prometheus}), run on 127.0.0.1 with its own
 * data directory, scraping one target every second; queried through its HTTP API.
 */
public final class PrometheusServer implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts {@code binary} scraping {@code target}'s /metrics, in {@code dir}, and waits until it is ready. */
    public static PrometheusServer start(Path binary, String target, Path dir) throws Exception {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global: { scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s }
                scrape_configs:
                  - job_name: telltale
                    metrics_path: /metrics
                    static_configs: [ { targets: ["%s"] } ]
                """.formatted(target));
        // The port is free when chosen and may be taken before Prometheus binds it: then try another.
        for (int attempt = 1; ; attempt++) {
            int port = Ports.closed();
            Path log = dir.resolve("prometheus-" + attempt + ".log");
            Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data-" + attempt), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            PrometheusServer server = new PrometheusServer(process, log, port);
            if (server.awaitReady(Duration.ofSeconds(30))) {
                return server;
            }
            if (attempt == 3) {
                throw new IllegalStateException("Prometheus exited: " + server.output());
            }
        }
    }

    /** True once ready; false if it exited first (its port taken); an error if it hangs unready. */
    private boolean awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive()) {
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Prometheus not ready in " + timeout + ": " + output());
            }
            Thread.sleep(100);
        }
        return false;
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The API's answer to an instant query of {@code promql}: its status and result. */
    public JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        return Json.parse(response.body());
    }

    /** What Prometheus printed, for failure messages. */
    public String output() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
