package dev.telltale.proxy;

import org.junit.jupiter.api.Tag;
import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.container.Container;
import dev.telltale.container.Containers;
import dev.telltale.container.SampleContainers;
import dev.telltale.testing.Json;
import dev.telltale.testing.Ports;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RecordingUpstream;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.upstream.Transport;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.telltale.testing.Transports.TRANSPORTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With container state from Docker, a failure names its cause: over real sockets, with the
 * state given as Docker would report it (the container test proves the same against a real daemon).
 */
@Tag("socket")
class ContainerCauseTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String HTML = "GET / HTTP/1.1\r\nHost: a\r\nAccept: text/html\r\n\r\n";

    private final AtomicReference<Containers> docker = new AtomicReference<>(Containers.NONE);

    private ProxyHarness proxy(Transport transport, String target, boolean trusted) throws Exception {
        ProxyServer.Options options = new ProxyServer.Options(transport, 2,
                DnsServerAddressStreamProviders.platformDefault()).withContainers(docker::get);
        return ProxyHarness.startWhole(options, """
                listen: { address: 127.0.0.1, port: 0 }
                upstreams:
                  app: { targets: [ "%s" ] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app }
                error_pages: { detail: safe, trusted_networks: %s }
                """.formatted(target, trusted ? "[ 127.0.0.0/8 ]" : "[]"));
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aStoppedContainerIsAnsweredAtOnceWith503AndItsExitCode(Transport transport) throws Exception {
        // "app" never resolves here: without Docker's view this would wait out DNS.
        docker.set(SampleContainers.snapshot(SampleContainers.appAt(Instant.now()).exited(0, 4, true).build()));
        try (ProxyHarness proxy = proxy(transport, "app:3000", true); RawHttpClient client = proxy.client()) {
            long start = System.nanoTime();
            RawResponse response = client.exchange(HTML);
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(response.status()).isEqualTo(503);
            assertThat(millis).as("answered without trying DNS or a connection").isLessThan(1000);
            assertThat(response.header("proxy-status"))
                    .startsWith("telltale; error=destination_unavailable; details=\"container shop-app-1 stopped ");
            assertThat(response.header("retry-after")).as("a stopped container does not come back by waiting").isNull();
            assertThat(response.bodyText()).contains("id=\"cause\"")
                    .contains("The app container `shop-app-1` was stopped").contains("(exit 0)")
                    .contains("failed: container shop-app-1 stopped").doesNotContain("http-equiv=\"refresh\"");
            JsonNode line = proxy.log().awaitFirstEntry(WAIT);
            assertThat(line.get("failure").asText()).isEqualTo("destination_unavailable");
            assertThat(line.get("attempts").asInt()).isZero();
            JsonNode container = line.get("container");
            assertThat(container.get("name").asText()).isEqualTo("shop-app-1");
            assertThat(container.get("service").asText()).isEqualTo("app");
            assertThat(container.get("state").asText()).isEqualTo("exited");
            assertThat(container.get("exit_code").asInt()).isZero();
            assertThat(container.get("oom_killed").asBoolean()).isFalse();
            assertThat(Duration.between(Instant.parse(container.get("since").asText()), Instant.now()))
                    .isBetween(Duration.ofSeconds(3), Duration.ofSeconds(60));
            assertThat(proxy.incidents().find(line.get("request_id").asText())).get()
                    .satisfies(report -> assertThat(report.container().state()).isEqualTo("exited"));
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void atSafeDetailTheCauseIsToldWithoutNames(Transport transport) throws Exception {
        docker.set(SampleContainers.snapshot(SampleContainers.appAt(Instant.now()).oomKilled(4).build()));
        try (ProxyHarness proxy = proxy(transport, "app:3000", false); RawHttpClient client = proxy.client()) {
            RawResponse page = client.exchange(HTML);
            RawResponse problem = client.exchange("GET / HTTP/1.1\r\nHost: a\r\nAccept: application/json\r\n\r\n");

            assertThat(page.status()).isEqualTo(503);
            assertThat(page.bodyText()).contains("The application&#39;s container was killed for running out of memory")
                    .doesNotContain("shop-app-1").doesNotContain("shop:1.4");
            assertThat(page.header("proxy-status")).contains("container oom-killed, exit 137").doesNotContain("shop");
            JsonNode json = Json.parse(problem.bodyText());
            assertThat(json.get("cause").asText()).startsWith("The application's container was killed");
            assertThat(json.get("container").get("oom_killed").asBoolean()).isTrue();
            assertThat(json.get("container").get("exit_code").asInt()).isEqualTo(137);
            assertThat(json.get("container").has("name")).isFalse();
            assertThat(proxy.log().awaitEntries(2, WAIT).get(0).get("container").get("name").asText())
                    .as("the log is for operators").isEqualTo("shop-app-1");
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aRestartingContainerGets503WithRetryAfter(Transport transport) throws Exception {
        docker.set(SampleContainers.snapshot(SampleContainers.appAt(Instant.now()).restarting(1, 2, 2).build()));
        try (ProxyHarness proxy = proxy(transport, "app:3000", true); RawHttpClient client = proxy.client()) {
            RawResponse response = client.exchange(HTML);

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("retry-after")).isEqualTo("5");
            assertThat(response.bodyText()).contains("Docker is restarting it (3rd restart in 15 min)")
                    .contains("id=\"retry-notice\"");
            JsonNode container = proxy.log().awaitFirstEntry(WAIT).get("container");
            assertThat(container.get("state").asText()).isEqualTo("restarting");
            assertThat(container.get("restarts_15m").asInt()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void healthyInsideButRefusedThroughItsPublishedPortIsALoopbackBinding(Transport transport) throws Exception {
        int port = Ports.closed();
        docker.set(SampleContainers.snapshot(SampleContainers.appAt(Instant.now()).health("healthy")
                .publish("0.0.0.0", port, 3000).build()));
        try (ProxyHarness proxy = proxy(transport, "127.0.0.1:" + port, true); RawHttpClient client = proxy.client()) {
            RawResponse response = client.exchange(HTML);

            assertThat(response.status()).isEqualTo(502);
            assertThat(response.header("proxy-status")).startsWith("telltale; error=connection_refused;");
            assertThat(response.bodyText()).contains("The app answers inside its container but not from the network");
            JsonNode line = proxy.log().awaitFirstEntry(WAIT);
            assertThat(line.get("failure").asText()).isEqualTo("connection_refused");
            assertThat(line.get("container").get("cause").asText()).contains("most likely bound to 127.0.0.1");
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void theHealthOutputIsOnTheFullPageEscaped(Transport transport) throws Exception {
        int port = Ports.closed();
        docker.set(SampleContainers.snapshot(SampleContainers.appAt(Instant.now()).health("unhealthy")
                .healthOutput("<script>alert(1)</script> db down").publish("0.0.0.0", port, 3000).build()));
        try (ProxyHarness proxy = proxy(transport, "127.0.0.1:" + port, true); RawHttpClient client = proxy.client()) {
            String page = client.exchange(HTML).bodyText();

            assertThat(page).contains("id=\"health-output\">&lt;script&gt;alert(1)&lt;/script&gt; db down</pre>")
                    .contains("fails its health check: &lt;script&gt;").doesNotContain("<script>");
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void withTheSourceAwayNothingIsConcluded(Transport transport) throws Exception {
        int port = Ports.closed();
        Container stopped = SampleContainers.appAt(Instant.now()).exited(0, 4, true).publish("0.0.0.0", port, 3000).build();
        docker.set(new Containers(false, List.of(stopped), null, SampleContainers.NOW));
        try (ProxyHarness proxy = proxy(transport, "127.0.0.1:" + port, true); RawHttpClient client = proxy.client()) {
            RawResponse response = client.exchange(HTML);

            assertThat(response.status()).isEqualTo(502);
            assertThat(response.bodyText()).doesNotContain("id=\"cause\"");
            assertThat(proxy.log().awaitFirstEntry(WAIT).get("container").isNull()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aRunningAppIsServedAsBeforeAndNamesNoContainer(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app")) {
            docker.set(SampleContainers.snapshot(SampleContainers.appAt(Instant.now()).health("healthy")
                    .publish("0.0.0.0", app.port(), 3000).build()));
            try (ProxyHarness proxy = proxy(transport, app.target(), true); RawHttpClient client = proxy.client()) {
                assertThat(client.exchange(HTML).status()).isEqualTo(200);
                assertThat(proxy.log().awaitFirstEntry(WAIT).get("container").isNull()).isTrue();
            }
        }
    }
}
