package dev.telltale.cli;

import dev.telltale.testing.Ports;
import dev.telltale.testing.PrometheusText;
import dev.telltale.testing.ProxyProcess;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.ScriptedUpstream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The JVM's own meters on a running proxy's /metrics: the benchmarks read its garbage per request from them. */
@Tag("process")
class JvmMetricsProcessTest {

    @TempDir
    Path dir;

    private static List<PrometheusText.Sample> scrape(int admin) throws Exception {
        try (RawHttpClient client = new RawHttpClient(admin)) {
            String body = client.send("GET /metrics HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n").read().bodyText();
            return PrometheusText.parse(body);
        }
    }

    private static double allocated(List<PrometheusText.Sample> samples) {
        return PrometheusText.value(samples, "jvm_gc_memory_allocated_bytes_total");
    }

    @Test
    void theJvmsMetersAreScrapedAndTheBytesAllocatedGrowWithTheRequestsServed() throws Exception {
        try (ScriptedUpstream app = new ScriptedUpstream(connection -> {
            while (connection.readRequest() != null) {
                connection.respondOk("hi");
            }
        })) {
            int adminPort = Ports.closed();
            Path file = dir.resolve("proxy.yaml");
            Files.writeString(file, """
                    listen: { address: 127.0.0.1, port: 0 }
                    admin: { address: 127.0.0.1, port: %d }
                    upstreams:
                      app: { targets: ["%s"] }
                    routes:
                      - { name: web, match: { path_prefix: / }, upstream: app }
                    access_log: { target: "%s" }
                    """.formatted(adminPort, app.target(), dir.resolve("access.log")));
            // A small young generation, so that the requests below fill it and a collection counts them.
            try (ProxyProcess proxy = ProxyProcess.start(file, "-XX:+UseParallelGC", "-Xmx64m", "-Xmn4m")) {
                int port = proxy.awaitPort();
                proxy.awaitAdminPort();
                List<PrometheusText.Sample> before = scrape(adminPort);
                assertThat(PrometheusText.value(before, "jvm_memory_used_bytes", "area", "heap")).isPositive();
                assertThat(PrometheusText.value(before, "jvm_threads_live_threads")).isPositive();
                assertThat(PrometheusText.value(before, "system_cpu_count")).isPositive();

                int served = 0;
                double grown = 0;
                try (RawHttpClient client = new RawHttpClient(port)) {
                    while (grown == 0 && served < 50_000) {
                        for (int i = 0; i < 500; i++) {
                            assertThat(client.send("GET /x HTTP/1.1\r\nHost: a\r\n\r\n").read().status()).isEqualTo(200);
                        }
                        served += 500;
                        grown = allocated(scrape(adminPort)) - allocated(before);
                    }
                }
                assertThat(grown).as("bytes allocated while %d requests were served", served).isPositive();
                assertThat(PrometheusText.value(scrape(adminPort), "jvm_gc_pause_seconds_count")).isPositive();
            }
        }
    }
}
