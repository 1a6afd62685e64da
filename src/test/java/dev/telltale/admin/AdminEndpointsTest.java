package dev.telltale.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.Json;
import dev.telltale.testing.PrometheusText;
import dev.telltale.testing.PrometheusText.Sample;
import dev.telltale.testing.Ports;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.testing.RecordingUpstream;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.telltale.testing.PrometheusText.value;
import static org.assertj.core.api.Assertions.assertThat;

/** /metrics, /status and /readyz over a real admin listener, wired to a real proxy. */
@Tag("socket")
class AdminEndpointsTest {

    private static RawResponse get(int port, String path, String accept) throws Exception {
        try (RawHttpClient client = new RawHttpClient(port)) {
            return client.exchange("GET " + path + " HTTP/1.1\r\nHost: a\r\nAccept: " + accept + "\r\n\r\n");
        }
    }

    private static AdminServer adminFor(ProxyHarness proxy) throws Exception {
        return AdminUnderTest.start(proxy, new ProxyMetrics(() -> proxy.server().runtime().upstreams()));
    }

    @Test
    void metricsCountTheFailuresThatWereCausedAndParseAsPrometheusText() throws Exception {
        int closed = Ports.closed();
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.start(Transport.nio(), """
                     upstreams:
                       app: { targets: ["%s"] }
                       dead: { targets: ["127.0.0.1:%d"] }
                     routes:
                       - { name: broken, match: { path_prefix: /broken }, upstream: dead }
                       - { name: web, match: { path_prefix: / }, upstream: app }
                     """.formatted(app.target(), closed));
             AdminServer admin = adminFor(proxy)) {
            for (int i = 0; i < 3; i++) {
                assertThat(get(proxy.port(), "/ok", "*/*").status()).isEqualTo(200);
            }
            for (int i = 0; i < 2; i++) {
                assertThat(get(proxy.port(), "/broken", "*/*").status()).isEqualTo(502);
            }
            proxy.log().awaitEntries(5, java.time.Duration.ofSeconds(5));

            RawResponse scrape = get(admin.port(), "/metrics", "*/*");
            assertThat(scrape.status()).isEqualTo(200);
            assertThat(scrape.header("content-type")).startsWith("text/plain; version=0.0.4");
            List<Sample> samples = PrometheusText.parse(scrape.bodyText());
            assertThat(value(samples, "telltale_requests_total", "route", "broken", "status", "502",
                    "failure", "connection_refused")).isEqualTo(2.0);
            assertThat(value(samples, "telltale_requests_total", "route", "web", "status", "200", "failure", ""))
                    .isEqualTo(3.0);
            assertThat(value(samples, "telltale_target_up", "upstream", "app", "target", app.target())).isEqualTo(1.0);
            assertThat(value(samples, "telltale_access_log_dropped_total")).isEqualTo(0.0);
            assertThat(samples).anySatisfy(s -> {
                assertThat(s.name()).isEqualTo("telltale_upstream_response_head_seconds_count");
                assertThat(s.labels()).containsEntry("route", "web");
                assertThat(s.value()).isEqualTo(3.0);
            });
            assertThat(samples).anyMatch(s -> s.name().equals("telltale_upstream_connect_seconds_bucket"));

            RawResponse status = get(admin.port(), "/status", "application/json");
            JsonNode report = Json.parse(status.bodyText());
            assertThat(report.get("routes")).hasSize(2);
            JsonNode dead = report.get("upstreams").get(1).get("targets").get(0);
            assertThat(dead.get("target").asText()).isEqualTo("127.0.0.1:" + closed);
            assertThat(dead.get("failures1m").asLong()).isEqualTo(4);
            assertThat(dead.get("last_failure").asText()).isEqualTo("connection_refused");
            assertThat(report.get("incidents")).hasSize(2);

            RawResponse page = get(admin.port(), "/status", "text/html");
            assertThat(page.header("content-type")).startsWith("text/html");
            String id = report.get("incidents").get(0).get("request_id").asText();
            assertThat(page.bodyText()).contains("href=\"/incidents/" + id + "\"").contains("127.0.0.1:" + closed)
                    .doesNotContain("<script");
        }
    }

    @Test
    void aDownRouteLeavesTheProxyReadyAndShowsInTheVerboseAndPerRouteViews() throws Exception {
        int closed = Ports.closed();
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.start(Transport.nio(), """
                     upstreams:
                       app: { targets: ["%s"] }
                       dead:
                         targets: ["127.0.0.1:%d"]
                         health_check: { interval: 100ms, timeout: 500ms, unhealthy_threshold: 1 }
                     routes:
                       - { name: broken, match: { path_prefix: /broken }, upstream: dead }
                       - { name: web, match: { path_prefix: / }, upstream: app }
                     """.formatted(app.target(), closed));
             AdminServer admin = adminFor(proxy)) {
            RawResponse routes = null;
            for (int i = 0; i < 50; i++) {
                routes = get(admin.port(), "/readyz/routes", "*/*");
                if (routes.status() == 503) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(routes.status()).isEqualTo(503);
            JsonNode perRoute = Json.parse(routes.bodyText());
            assertThat(perRoute.get("ready").asBoolean()).isFalse();
            assertThat(perRoute.get("reasons").get(0).asText())
                    .startsWith("route broken: every target of upstream dead is down");

            // The proxy itself can still answer every request (with its page for /broken): ready.
            RawResponse ready = get(admin.port(), "/readyz", "*/*");
            assertThat(ready.status()).isEqualTo(200);
            JsonNode proxyOnly = Json.parse(ready.bodyText());
            assertThat(proxyOnly.get("ready").asBoolean()).isTrue();
            assertThat(proxyOnly.get("reasons")).isEmpty();
            assertThat(proxyOnly.has("routes")).isFalse();

            RawResponse verbose = get(admin.port(), "/readyz?verbose", "*/*");
            assertThat(verbose.status()).isEqualTo(200);
            JsonNode view = Json.parse(verbose.bodyText());
            assertThat(view.get("ready").asBoolean()).isTrue();
            JsonNode broken = view.get("routes").get(0);
            assertThat(broken.get("name").asText()).isEqualTo("broken");
            assertThat(broken.get("upstream").asText()).isEqualTo("dead");
            assertThat(broken.get("ready").asBoolean()).isFalse();
            assertThat(broken.get("reason").asText()).startsWith("every target of upstream dead is down");
            JsonNode web = view.get("routes").get(1);
            assertThat(web.get("name").asText()).isEqualTo("web");
            assertThat(web.get("ready").asBoolean()).isTrue();
            assertThat(web.get("reason").isNull()).isTrue();
        }
    }

    @Test
    void everyRouteUpMakesThePerRouteViewReady() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.start(Transport.nio(), """
                     upstreams:
                       app: { targets: ["%s"] }
                     routes:
                       - { name: web, match: { path_prefix: / }, upstream: app }
                     """.formatted(app.target()));
             AdminServer admin = adminFor(proxy)) {
            RawResponse routes = get(admin.port(), "/readyz/routes", "*/*");
            assertThat(routes.status()).isEqualTo(200);
            assertThat(Json.parse(routes.bodyText()).get("ready").asBoolean()).isTrue();
        }
    }
}
