package dev.telltale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.Json;
import dev.telltale.testing.PrometheusText;
import dev.telltale.testing.PrometheusText.Sample;
import dev.telltale.testing.ProxyConfigs;
import dev.telltale.testing.ProxyProcess;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RecordingUpstream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.telltale.testing.PrometheusText.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The running proxy's /metrics: reloads counted by result with their times, and its open client connections. */
@Tag("process")
class ReloadMetricsTest {

    private static final String SUCCESS = "telltale_config_last_reload_success_timestamp_seconds";
    private static final String FAILURE = "telltale_config_last_reload_failure_timestamp_seconds";
    private static final String RELOADS = "telltale_config_reloads_total";

    @TempDir
    Path dir;

    private Path config(String upstreamTarget) throws Exception {
        return ProxyConfigs.oneApp(dir, upstreamTarget, "");
    }

    private static List<Sample> scrape(int adminPort) throws Exception {
        try (RawHttpClient client = new RawHttpClient(adminPort)) {
            return PrometheusText.parse(client.exchange("GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n").bodyText());
        }
    }

    /** Scrapes until the reloads of {@code result} reach {@code count}: the signal is handled on its own thread. */
    private static List<Sample> awaitReloads(int adminPort, String result, double count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<Sample> samples = scrape(adminPort);
        while (value(samples, RELOADS, "result", result) < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
            samples = scrape(adminPort);
        }
        assertThat(value(samples, RELOADS, "result", result)).isEqualTo(count);
        return samples;
    }

    private static double nowSeconds() {
        return System.currentTimeMillis() / 1000.0;
    }

    @Test
    void reloadsAreCountedByResultWithTheTimeOfTheLastOfEach() throws Exception {
        try (RecordingUpstream one = new RecordingUpstream("one");
             RecordingUpstream two = new RecordingUpstream("two")) {
            Path file = config(one.target());
            double beforeStart = nowSeconds();
            try (ProxyProcess proxy = ProxyProcess.start(file)) {
                proxy.awaitPort();
                int admin = proxy.awaitAdminPort();
                List<Sample> atStart = scrape(admin);
                assertThat(value(atStart, RELOADS, "result", "success")).isZero();
                assertThat(value(atStart, RELOADS, "result", "failure")).isZero();
                // The config in use was loaded at start; no reload has failed yet.
                assertThat(value(atStart, SUCCESS)).isBetween(beforeStart, nowSeconds());
                assertThat(value(atStart, FAILURE)).isZero();

                config(two.target());
                double beforeGood = nowSeconds();
                proxy.signal("HUP");
                List<Sample> afterGood = awaitReloads(admin, "success", 1);
                assertThat(value(afterGood, SUCCESS)).isBetween(beforeGood, nowSeconds());
                assertThat(value(afterGood, RELOADS, "result", "failure")).isZero();
                assertThat(value(afterGood, FAILURE)).isZero();

                Files.writeString(file, Files.readString(file).replace("upstream: app", "upstream: ap"));
                double beforeBad = nowSeconds();
                proxy.signal("HUP");
                List<Sample> afterBad = awaitReloads(admin, "failure", 1);
                assertThat(value(afterBad, FAILURE)).isBetween(beforeBad, nowSeconds());
                assertThat(value(afterBad, RELOADS, "result", "success")).isEqualTo(1.0);
                assertThat(value(afterBad, SUCCESS)).isEqualTo(value(afterGood, SUCCESS));
                // Both reloads are marked on the status page's timeline, at their times, with their results.
                try (RawHttpClient client = new RawHttpClient(admin)) {
                    JsonNode marks = Json.parse(client.exchange("GET /status HTTP/1.1\r\nHost: a\r\n"
                            + "Accept: application/json\r\n\r\n").bodyText()).get("upstreams").get(0).get("timeline")
                            .get("marks");
                    assertThat(marks).extracting(mark -> mark.get("kind").asText() + " " + mark.get("label").asText())
                            .containsExactly("reload reload", "reload reload rejected");
                    assertThat(Instant.parse(marks.get(1).get("at").asText()).toEpochMilli() / 1000.0)
                            .isCloseTo(value(afterBad, FAILURE), within(0.5));
                }
                assertThat(proxy.stopAndWait()).isZero();
            }
        }
    }

    @Test
    void openClientConnectionsAndProcessMetersAreWiredIntoTheRunningProxy() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyProcess proxy = ProxyProcess.start(config(app.target()))) {
            int port = proxy.awaitPort();
            int admin = proxy.awaitAdminPort();
            assertThat(value(scrape(admin), "telltale_client_connections_open")).isZero();
            try (RawHttpClient held = new RawHttpClient(port)) {
                assertThat(held.exchange("GET /x HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(200);
                List<Sample> samples = scrape(admin);
                assertThat(value(samples, "telltale_client_connections_open")).isEqualTo(1.0);
                // The proxy's JVM started just after the operating system started its process.
                double processStarted = ProcessHandle.of(proxy.pid()).orElseThrow().info().startInstant()
                        .orElseThrow().toEpochMilli() / 1000.0;
                assertThat(value(samples, "process_start_time_seconds")).isCloseTo(processStarted, within(5.0));
            }
            assertThat(proxy.stopAndWait()).isZero();
        }
    }
}
