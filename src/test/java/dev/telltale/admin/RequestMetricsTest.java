package dev.telltale.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.PrometheusText;
import dev.telltale.testing.PrometheusText.Sample;
import dev.telltale.testing.Ports;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RecordingUpstream;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The request-duration histogram, the open client connections and the process meters on a real
 * admin listener, read back as Prometheus parses them.
 */
@Tag("socket")
class RequestMetricsTest {

    private static final String ROUTES = """
            upstreams:
              app: { targets: ["%s"] }
              dead: { targets: ["127.0.0.1:%d"] }
            routes:
              - { name: broken, match: { path_prefix: /broken }, upstream: dead }
              - { name: web, match: { path_prefix: / }, upstream: app }
            """;

    private static AdminServer adminFor(ProxyHarness proxy, ProxyMetrics metrics) throws Exception {
        return AdminUnderTest.start(proxy, metrics);
    }

    private static int send(int port, String method, String path) throws Exception {
        try (RawHttpClient client = new RawHttpClient(port)) {
            return client.exchange(method + " " + path + " HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").status();
        }
    }

    private static List<Sample> scrape(int adminPort) throws Exception {
        try (RawHttpClient client = new RawHttpClient(adminPort)) {
            return PrometheusText.parse(client.exchange("GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n").bodyText());
        }
    }

    /** Scrapes until {@code done} holds: the exchange's end is heard just after its response is sent. */
    private static List<Sample> scrapeUntil(int adminPort, Predicate<List<Sample>> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<Sample> samples = scrape(adminPort);
        while (!done.test(samples) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            samples = scrape(adminPort);
        }
        return samples;
    }

    private static List<Sample> series(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> s.labels().entrySet().containsAll(labels.entrySet())).toList();
    }

    private static double total(List<Sample> samples, String name, Map<String, String> labels) {
        return series(samples, name, labels).stream().mapToDouble(Sample::value).sum();
    }

    @Test
    void requestDurationsAreAHistogramByRouteStatusClassMethodAndFailureWithFewBuckets() throws Exception {
        int closed = Ports.closed();
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.start(Transport.nio(), ROUTES.formatted(app.target(), closed));
             ProxyMetrics metrics = new ProxyMetrics(() -> proxy.server().runtime().upstreams());
             AdminServer admin = adminFor(proxy, metrics)) {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                statuses.add(send(proxy.port(), "GET", "/ok"));
            }
            statuses.add(send(proxy.port(), "POST", "/ok"));
            statuses.add(send(proxy.port(), "BREW", "/ok"));
            statuses.add(send(proxy.port(), "GET", "/broken"));
            statuses.add(send(proxy.port(), "GET", "/broken"));
            List<JsonNode> entries = proxy.log().awaitEntries(statuses.size(), Duration.ofSeconds(10));
            String count = "telltale_request_duration_seconds_count";
            List<Sample> samples = scrapeUntil(admin.port(), s -> total(s, count, Map.of()) >= entries.size());

            // Each series counts the log lines with its route, status class, method and failure.
            for (Sample sample : series(samples, count, Map.of())) {
                long lines = entries.stream().filter(e -> sample.labels().get("route").equals(e.path("route").asText())
                        && sample.labels().get("failure").equals(e.path("failure").asText(""))
                        && sample.labels().get("status").equals(e.path("status").asInt() / 100 + "xx")
                        && sample.labels().get("method").equals(standardOrOther(e.path("method").asText()))).count();
                assertThat(sample.value()).as(sample.labels().toString()).isEqualTo((double) lines).isPositive();
            }
            assertThat(total(samples, count, Map.of())).isEqualTo((double) entries.size());
            assertThat(series(samples, count, Map.of("method", "other"))).isNotEmpty();
            assertThat(series(samples, count, Map.of("route", "broken", "status", statuses.get(5) / 100 + "xx")))
                    .singleElement().satisfies(s -> assertThat(s.labels().get("failure")).isNotEmpty());
            // The sum is the log lines' durations, and the +Inf bucket is the count.
            double loggedSeconds = entries.stream().mapToLong(e -> e.path("duration_ms").asLong()).sum() / 1000.0;
            assertThat(total(samples, "telltale_request_duration_seconds_sum", Map.of()))
                    .isCloseTo(loggedSeconds, within(1e-6));
            assertThat(total(samples, "telltale_request_duration_seconds_bucket", Map.of("le", "+Inf")))
                    .isEqualTo((double) entries.size());
            // Bounded: one series' buckets are the few fixed ones, cumulative.
            List<Sample> buckets = series(samples, "telltale_request_duration_seconds_bucket",
                    Map.of("route", "web", "method", "GET", "status", "2xx"));
            assertThat(buckets).hasSizeBetween(10, 16);
            for (int i = 1; i < buckets.size(); i++) {
                assertThat(buckets.get(i).value()).isGreaterThanOrEqualTo(buckets.get(i - 1).value());
            }
        }
    }

    private static String standardOrOther(String method) {
        return List.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH").contains(method)
                ? method : "other";
    }

    @Test
    void openClientConnectionsFollowTheConnectionsHeldOpen() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.start(Transport.nio(), ROUTES.formatted(app.target(), Ports.closed()));
             ProxyMetrics metrics = new ProxyMetrics(() -> proxy.server().runtime().upstreams());
             AdminServer admin = adminFor(proxy, metrics)) {
            String open = "telltale_client_connections_open";
            assertThat(total(scrape(admin.port()), open, Map.of())).isZero();
            List<RawHttpClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    RawHttpClient client = new RawHttpClient(proxy.port());
                    clients.add(client);
                    // One exchange each: the proxy has accepted the connection, and keeps it alive after.
                    assertThat(client.exchange("GET /ok HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(200);
                }
                // A gauge holds its object weakly: a collection must not turn it into NaN.
                System.gc();
                assertThat(total(scrape(admin.port()), open, Map.of())).isEqualTo((double) clients.size());
                clients.remove(0).close();
                assertThat(total(scrapeUntil(admin.port(), s -> total(s, open, Map.of()) == clients.size()), open,
                        Map.of())).isEqualTo((double) clients.size());
            } finally {
                for (RawHttpClient client : clients) {
                    client.close();
                }
            }
            assertThat(total(scrapeUntil(admin.port(), s -> total(s, open, Map.of()) == 0), open, Map.of())).isZero();
        }
    }

    @Test
    void processAndJvmMetersAreExported() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.start(Transport.nio(), ROUTES.formatted(app.target(), Ports.closed()));
             ProxyMetrics metrics = new ProxyMetrics(() -> proxy.server().runtime().upstreams());
             AdminServer admin = adminFor(proxy, metrics)) {
            metrics.watchJvm();
            List<Sample> samples = scrape(admin.port());
            assertThat(samples).extracting(Sample::name).contains("process_cpu_usage", "process_uptime_seconds",
                    "process_start_time_seconds", "process_files_open_files", "process_files_max_files",
                    "jvm_memory_used_bytes", "jvm_gc_memory_allocated_bytes_total", "jvm_threads_live_threads",
                    "jvm_classes_loaded_classes", "system_cpu_count");
            // This JVM's own start, as the operating system tells it.
            Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
            assertThat(total(samples, "process_start_time_seconds", Map.of()))
                    .isCloseTo(started.toEpochMilli() / 1000.0, within(2.0));
            long fds;
            try (var dir = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
                fds = dir.count();
            }
            assertThat(total(samples, "process_files_open_files", Map.of())).isPositive().isCloseTo(fds, within(50.0));
        }
    }
}
