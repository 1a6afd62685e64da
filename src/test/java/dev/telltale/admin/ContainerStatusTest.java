package dev.telltale.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.container.Container;
import dev.telltale.container.ContainerEvent;
import dev.telltale.container.ContainerView;
import dev.telltale.container.Containers;
import dev.telltale.container.SampleContainers;
import dev.telltale.testing.Json;
import dev.telltale.testing.Ports;
import dev.telltale.testing.PrometheusText;
import dev.telltale.testing.PrometheusText.Sample;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static dev.telltale.testing.PrometheusText.value;
import static org.assertj.core.api.Assertions.assertThat;

/** /status and /metrics over a real admin listener, with a fixed container snapshot behind the targets. */
@Tag("socket")
class ContainerStatusTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private final int dbPort = Ports.closed();

    private static RawResponse get(int port, String path, String accept) throws Exception {
        try (RawHttpClient client = new RawHttpClient(port)) {
            return client.exchange("GET " + path + " HTTP/1.1\r\nHost: a\r\nAccept: " + accept + "\r\n\r\n");
        }
    }

    private ProxyHarness proxy() throws Exception {
        return ProxyHarness.start(Transport.nio(), """
                upstreams:
                  app: { targets: ["app:3000"] }
                  db: { targets: ["127.0.0.1:%d"] }
                  billing: { targets: ["billing:8080"] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app }
                """.formatted(dbPort));
    }

    private static List<ContainerEvent> events(String id, String name, int count) {
        List<ContainerEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean die = i % 2 == 0;
            events.add(new ContainerEvent(NOW.minusSeconds(60L * (count - i)), id, name, "app", die ? "die" : "start",
                    die ? 1 : null, null, null));
        }
        return events;
    }

    /** The app running and healthy behind app:3000; the database OOM-killed, publishing the db target's port. */
    private Containers snapshot(boolean connected) {
        Container app = SampleContainers.appAt(NOW).health("healthy").build();
        app = app.withHistory(List.of(NOW.minusSeconds(60)), false, events(app.id(), app.name(), 7));
        Container db = SampleContainers.appAt(NOW).id("fedcba9876543210").name("shop-db-1")
                .service("db<script>x</script>").network("shop_default", "172.18.0.4", "db")
                .publish("0.0.0.0", dbPort, 5432).oomKilled(4).build();
        return new Containers(connected, List.of(app, db), null, NOW);
    }

    private static AdminServer adminFor(ProxyHarness proxy, ProxyMetrics metrics, ContainerView view)
            throws Exception {
        return AdminUnderTest.start(proxy, metrics, view);
    }

    private static JsonNode target(JsonNode report, String upstream) {
        for (JsonNode row : report.get("upstreams")) {
            if (row.get("name").asText().equals(upstream)) {
                return row.get("targets").get(0);
            }
        }
        throw new AssertionError("no upstream " + upstream);
    }

    @Test
    void statusShowsTheContainersBehindEachTargetAndWhetherDockerIsRead() throws Exception {
        Containers snapshot = snapshot(true);
        try (ProxyHarness proxy = proxy();
             AdminServer admin = adminFor(proxy, new ProxyMetrics(() -> proxy.server().runtime().upstreams()),
                     () -> snapshot)) {
            JsonNode report = Json.parse(get(admin.port(), "/status", "application/json").bodyText());

            assertThat(report.at("/docker/connected").asBoolean()).isTrue();
            assertThat(report.at("/docker/containers").asInt()).isEqualTo(2);
            JsonNode app = target(report, "app").get("containers").get(0);
            assertThat(app.get("name").asText()).isEqualTo("shop-app-1");
            assertThat(app.get("service").asText()).isEqualTo("app");
            assertThat(app.get("state").asText()).isEqualTo("running");
            assertThat(app.get("health").asText()).isEqualTo("healthy");
            assertThat(app.get("exit_code").isNull()).isTrue();
            assertThat(app.get("oom_killed").asBoolean()).isFalse();
            assertThat(app.get("restarts_15m").asInt()).isEqualTo(1);
            assertThat(app.get("since").asText()).isEqualTo(NOW.minusSeconds(3600).toString());
            // The latest five of seven, oldest first.
            assertThat(app.get("events")).hasSize(ContainerRows.EVENTS_SHOWN);
            assertThat(app.at("/events/0/ts").asText()).isEqualTo(NOW.minusSeconds(300).toString());
            assertThat(app.at("/events/0/action").asText()).isEqualTo("die");
            assertThat(app.at("/events/0/exit_code").asInt()).isEqualTo(1);
            assertThat(app.at("/events/4/action").asText()).isEqualTo("die");
            JsonNode db = target(report, "db").get("containers").get(0);
            assertThat(db.get("name").asText()).isEqualTo("shop-db-1");
            assertThat(db.get("state").asText()).isEqualTo("exited");
            assertThat(db.get("exit_code").asInt()).isEqualTo(137);
            assertThat(db.get("oom_killed").asBoolean()).isTrue();
            assertThat(target(report, "billing").get("containers")).isEmpty();

            RawResponse page = get(admin.port(), "/status", "text/html");
            assertThat(page.bodyText()).contains("Docker: connected, 2 containers")
                    .contains("<th>container</th>")
                    .contains("<code>shop-app-1</code> (app) <span class=up>running, healthy, 1 restart in 15 min</span>")
                    .contains("<span class=down>exited, exit 137, OOM-killed</span>")
                    .contains("(db&lt;script&gt;x&lt;/script&gt;)")
                    .contains(NOW.minusSeconds(60) + " die (exit 1)")
                    .doesNotContain("<script");
        }
    }

    @Test
    void withoutASourceThereIsNoDockerNorContainerColumn() throws Exception {
        try (ProxyHarness proxy = proxy();
             AdminServer admin = adminFor(proxy, new ProxyMetrics(() -> proxy.server().runtime().upstreams()),
                     ContainerView.NONE)) {
            JsonNode report = Json.parse(get(admin.port(), "/status", "application/json").bodyText());

            assertThat(report.get("docker").isNull()).isTrue();
            assertThat(target(report, "app").get("containers").isNull()).isTrue();
            assertThat(get(admin.port(), "/status", "text/html").bodyText()).doesNotContain("Docker")
                    .doesNotContain("<th>container</th>");
        }
    }

    @Test
    void aSourceThatIsAwaySaysSoAndConcludesNothing() throws Exception {
        Containers away = snapshot(false);
        try (ProxyHarness proxy = proxy();
             AdminServer admin = adminFor(proxy, new ProxyMetrics(() -> proxy.server().runtime().upstreams()),
                     () -> away)) {
            JsonNode report = Json.parse(get(admin.port(), "/status", "application/json").bodyText());

            assertThat(report.at("/docker/connected").asBoolean()).isFalse();
            assertThat(target(report, "app").get("containers")).isEmpty();
            assertThat(get(admin.port(), "/status", "text/html").bodyText())
                    .contains("Docker: <span class=down>not connected</span>");
        }
    }

    @Test
    void metricsCountRestartsAndOomKillsAndShowEachTargetsContainerState() throws Exception {
        Containers snapshot = snapshot(true);
        try (ProxyHarness proxy = proxy()) {
            ProxyMetrics metrics = new ProxyMetrics(() -> proxy.server().runtime().upstreams());
            metrics.watchContainers(() -> snapshot);
            try (AdminServer admin = adminFor(proxy, metrics, () -> snapshot)) {
                // First start: not a restart. Then an OOM kill and a crash, each followed by a start.
                event(metrics, "a1", "shop-app-1", "app", "start", null);
                event(metrics, "a1", "shop-app-1", "app", "oom", null);
                event(metrics, "a1", "shop-app-1", "app", "die", 137);
                event(metrics, "a1", "shop-app-1", "app", "start", null);
                event(metrics, "a1", "shop-app-1", "app", "die", 1);
                event(metrics, "a1", "shop-app-1", "app", "start", null);
                event(metrics, "a1", "shop-app-1", "app", "start", null);
                // Outside Compose: named by the container.
                event(metrics, "b1", "lonely", null, "die", 2);
                event(metrics, "b1", "lonely", null, "start", null);

                List<Sample> samples = PrometheusText.parse(get(admin.port(), "/metrics", "*/*").bodyText());

                assertThat(value(samples, "telltale_container_restarts_total", "service", "app")).isEqualTo(2.0);
                assertThat(value(samples, "telltale_container_oom_kills_total", "service", "app")).isEqualTo(1.0);
                assertThat(value(samples, "telltale_container_restarts_total", "service", "lonely")).isEqualTo(1.0);
                assertThat(value(samples, "telltale_target_container_state", "upstream", "app", "target", "app:3000",
                        "state", "running")).isEqualTo(1.0);
                assertThat(value(samples, "telltale_target_container_state", "upstream", "app", "target", "app:3000",
                        "state", "exited")).isEqualTo(0.0);
                assertThat(value(samples, "telltale_target_container_state", "upstream", "db",
                        "target", "127.0.0.1:" + dbPort, "state", "exited")).isEqualTo(1.0);
                // A target that names no container has no state.
                assertThat(samples).noneMatch(s -> s.name().equals("telltale_target_container_state")
                        && "billing".equals(s.labels().get("upstream")));
            }
        }
    }

    @Test
    void serviceLabelsAreBoundedAndStatesVanishWhileDockerIsAway() throws Exception {
        Containers away = snapshot(false);
        try (ProxyHarness proxy = proxy()) {
            ProxyMetrics metrics = new ProxyMetrics(() -> proxy.server().runtime().upstreams());
            metrics.watchContainers(() -> away);
            for (int i = 0; i < ContainerMetrics.MAX_SERVICES + 50; i++) {
                event(metrics, "id" + i, "job-" + i, null, "oom", null);
            }

            List<Sample> samples = PrometheusText.parse(metrics.scrape());

            assertThat(samples.stream().filter(s -> s.name().equals("telltale_container_oom_kills_total")))
                    .hasSize(ContainerMetrics.MAX_SERVICES + 1);
            assertThat(value(samples, "telltale_container_oom_kills_total", "service", ContainerMetrics.OTHER))
                    .isEqualTo(50.0);
            assertThat(samples).noneMatch(s -> s.name().equals("telltale_target_container_state"));
        }
    }

    private static void event(ProxyMetrics metrics, String id, String name, String service, String action,
                              Integer exitCode) {
        metrics.containerEvent(new ContainerEvent(NOW, id, name, service, action, exitCode, null, null));
    }
}
