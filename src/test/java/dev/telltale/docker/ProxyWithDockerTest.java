package dev.telltale.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.Json;
import dev.telltale.testing.ProxyProcess;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy as a user runs it ({@code run}, {@code doctor}), reading container state from a
 * Docker API on a real unix socket: the wiring from the source to the requests, the access log,
 * {@code /status} and {@code /metrics}. The container test does the same against a real daemon.
 */
@Tag("process")
class ProxyWithDockerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Path config(String socket, String target) throws IOException {
        Path file = dir.resolve("proxy.yaml");
        Files.writeString(file, """
                listen: { address: 127.0.0.1, port: 0 }
                admin: { address: 127.0.0.1, port: 0 }
                upstreams:
                  app: { targets: [ "%s" ] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app }
                access_log: { target: access.log }
                runtime: { docker: { socket: "%s" } }
                """.formatted(target, socket));
        return file;
    }

    @Test
    void aStoppedContainerIsNamedAtOnceAndItsEventsReachTheLogStatusAndMetrics() throws Exception {
        Instant now = Instant.now();
        try (FakeDockerApi api = new FakeDockerApi(dir, DockerTransport.best())) {
            api.put(Recorded.withState(Recorded.inspect("app-healthy"), "exited", 0, false, now.minusSeconds(600),
                    now.minusSeconds(5)));
            try (ProxyProcess proxy = ProxyProcess.start(config(api.endpoint(), "app:8000"))) {
                int port = proxy.awaitPort();
                proxy.awaitStderr("reading the Docker API at " + api.endpoint(), 10);

                long start = System.nanoTime();
                RawResponse response;
                try (RawHttpClient client = new RawHttpClient(port)) {
                    response = client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                }
                assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
                assertThat(response.status()).isEqualTo(503);
                assertThat(response.header("proxy-status"))
                        .startsWith("telltale; error=destination_unavailable; details=\"container shop-app-1 exited 0 ");
                JsonNode line = awaitLine(request -> request.has("request_id")
                        && response.header("x-request-id").equals(request.get("request_id").asText()));
                assertThat(line.get("container").get("state").asText()).isEqualTo("exited");
                assertThat(line.get("container").get("service").asText()).isEqualTo("app");

                api.emit(Recorded.event(Recorded.APP, "shop-app-1", "oom", Instant.now(),
                        "com.docker.compose.service", "app"));
                JsonNode event = awaitLine(l -> "container".equals(l.path("type").asText()));
                assertThat(event.get("action").asText()).isEqualTo("oom");
                assertThat(event.get("container").asText()).isEqualTo("shop-app-1");

                int admin = proxy.awaitAdminPort();
                JsonNode status = Json.parse(get(admin, "/status", "application/json"));
                assertThat(status.get("docker").get("connected").asBoolean()).isTrue();
                assertThat(status.get("upstreams").get(0).get("targets").get(0).get("containers").get(0)
                        .get("name").asText()).isEqualTo("shop-app-1");
                assertThat(get(admin, "/metrics", "text/plain"))
                        .contains("telltale_container_oom_kills_total{service=\"app\"} 1.0");
            }
        }
    }

    @Test
    void aMissingSocketIsOneWarningAndTheProxyServesAnyway() throws Exception {
        String missing = dir.resolve("no-such-docker.sock").toString();
        try (ProxyProcess proxy = ProxyProcess.start(config(missing, "127.0.0.1:9"))) {
            int port = proxy.awaitPort();
            String warning = proxy.awaitStderr("no such file", 10);
            assertThat(warning).contains("WARN").contains(missing);
            try (RawHttpClient client = new RawHttpClient(port)) {
                assertThat(client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(502);
            }
            // Retried with backoff meanwhile, but not said again.
            Thread.sleep(3_000);
            assertThat(proxy.stderr().stream().filter(l -> l.contains("no such file"))).hasSize(1);
            assertThat(proxy.isAlive()).isTrue();
        }
    }

    @Test
    void doctorPrintsWhichContainerATargetNamesAndWhatItsStateSays() throws Exception {
        try (FakeDockerApi api = new FakeDockerApi(dir, DockerTransport.best())) {
            api.put(Recorded.inspect("app-healthy"));
            // shop-app-1 publishes 8000 as 8081 on the host; its health check passes inside.
            Path file = config(api.endpoint(), "127.0.0.1:8081");
            try (ProxyProcess doctor = ProxyProcess.command("doctor", "--config", file.toString())) {
                doctor.awaitExit(30);
                String out = String.join("\n", doctor.stdout());
                assertThat(out).containsPattern("container +(FAILED|ok) +shop-app-1 \\(service app\\) publishing it "
                        + "from port 8000: running, healthy");
                if (out.contains("connection_refused")) {
                    assertThat(out).contains("The app answers inside its container but not from the network");
                }
            }
        }
    }

    @Test
    void doctorSaysWhyDockerCannotBeReadAndStillChecksTheTargets() throws Exception {
        Path file = config(dir.resolve("no-such-docker.sock").toString(), "127.0.0.1:9");
        try (ProxyProcess doctor = ProxyProcess.command("doctor", "--config", file.toString())) {
            assertThat(doctor.awaitExit(30)).as("the target fails, not the command").isEqualTo(1);
            String out = String.join("\n", doctor.stdout());
            assertThat(out).contains("connect").containsPattern("container +skipped +cannot read Docker: .*no such file");
        }
    }

    private JsonNode awaitLine(java.util.function.Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Path log = dir.resolve("access.log");
            if (Files.exists(log)) {
                Optional<JsonNode> found = Files.readAllLines(log).stream().map(Json::parse).filter(wanted).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such line in " + dir.resolve("access.log"));
    }

    private static String get(int port, String path, String accept) throws IOException {
        try (RawHttpClient client = new RawHttpClient(port)) {
            return client.exchange("GET " + path + " HTTP/1.1\r\nHost: a\r\nAccept: " + accept + "\r\n\r\n").bodyText();
        }
    }
}
