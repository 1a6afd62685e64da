package dev.telltale.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.config.TracingConfig;
import dev.telltale.testing.OtlpReceiver;
import dev.telltale.testing.OtlpReceiver.Received;
import dev.telltale.testing.Ports;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.ProxyProcess;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.testing.RecordingUpstream;
import dev.telltale.upstream.Transport;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spans exported to a real OTLP/HTTP receiver that decodes them with OpenTelemetry's protobuf
 * definitions: one server span per sampled request, in the request's trace, under the client's
 * span, with the span ID the upstream was given as its parent; the failure class on a failed one;
 * and a collector that is down costs the requests nothing and is counted.
 */
@Tag("socket")
class SpanExportTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String CLIENT_SPAN = "b7ad6b7169203331";

    private static String routes(String app, int closed) {
        return """
                upstreams:
                  app: { targets: [ "%s" ] }
                  gone: { targets: [ "127.0.0.1:%d" ] }
                routes:
                  - { name: down, match: { path_prefix: /down }, upstream: gone, retry: { attempts: 2 } }
                  - { name: web, match: { path_prefix: / }, upstream: app }
                """.formatted(app, closed);
    }

    /** Waits up to {@link #WAIT} for {@code condition}; the assertion after it says what was expected. */
    private static void eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static RawResponse get(RawHttpClient client, String path, String traceparent) throws Exception {
        return client.exchange("GET " + path + " HTTP/1.1\r\nHost: shop\r\nUser-Agent: probe/1\r\n"
                + (traceparent == null ? "" : "traceparent: " + traceparent + "\r\n") + "\r\n");
    }

    @Test
    void eachSampledRequestIsOneServerSpanInItsTraceWithTheFailureClassWhenItFailed() throws Exception {
        try (OtlpReceiver collector = new OtlpReceiver();
             RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.start(Transport.best(), routes(app.target(), Ports.closed()));
             RawHttpClient client = proxy.client()) {
            SpanExport spans = SpanExport.start(new TracingConfig(collector.url(), Duration.ofSeconds(5), "shop-edge"));
            proxy.server().listen(spans);

            assertThat(get(client, "/cart?id=1", "00-" + TRACE + "-" + CLIENT_SPAN + "-01").status()).isEqualTo(200);
            JsonNode served = proxy.log().awaitRequestEntry(WAIT);
            proxy.log().clear();
            assertThat(get(client, "/down", null).status()).isEqualTo(502);
            JsonNode failed = proxy.log().awaitRequestEntry(WAIT);
            proxy.log().clear();
            assertThat(get(client, "/unsampled", "00-" + TRACE + "-" + CLIENT_SPAN + "-00").status()).isEqualTo(200);
            proxy.log().awaitRequestEntry(WAIT);

            // The batch goes within a second of its first span, without waiting for a close.
            List<Received> received = collector.awaitSpans(2, WAIT);
            eventually(() -> spans.exported() == 2);
            spans.close();
            assertThat(collector.awaitSpans(3, Duration.ofMillis(300))).as("the unsampled request is not exported")
                    .hasSize(2);
            assertThat(spans.exported()).isEqualTo(2);
            assertThat(spans.failed()).isZero();
            assertThat(spans.dropped()).isZero();

            Received ok = received.stream().filter(r -> r.traceId().equals(TRACE)).findFirst().orElseThrow();
            assertThat(ok.serviceName()).isEqualTo("shop-edge");
            assertThat(ok.parentSpanId()).isEqualTo(CLIENT_SPAN);
            assertThat(ok.spanId()).as("the parent the upstream was given").isEqualTo(served.get("span_id").asText());
            assertThat(app.received().get(0).uri()).isEqualTo("/cart?id=1");
            assertThat(app.received().get(0).header("traceparent")).isEqualTo("00-" + TRACE + "-" + ok.spanId() + "-01");
            assertThat(ok.span().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
            assertThat(ok.span().getName()).isEqualTo("GET web");
            assertThat(ok.attribute("http.request.method")).isEqualTo("GET");
            assertThat(ok.attribute("http.response.status_code")).isEqualTo("200");
            assertThat(ok.attribute("url.path")).isEqualTo("/cart");
            assertThat(ok.attribute("url.query")).isEqualTo("id=1");
            assertThat(ok.attribute("user_agent.original")).isEqualTo("probe/1");
            assertThat(ok.attribute("telltale.route")).isEqualTo("web");
            assertThat(ok.attribute("telltale.target")).isEqualTo(app.target());
            assertThat(ok.attribute("telltale.request_id")).isEqualTo(served.get("request_id").asText());
            assertThat(ok.attribute("error.type")).isNull();
            assertThat(ok.span().getEndTimeUnixNano() - ok.span().getStartTimeUnixNano())
                    .isEqualTo(served.get("duration_ms").asLong() * 1_000_000);

            Received bad = received.stream().filter(r -> !r.traceId().equals(TRACE)).findFirst().orElseThrow();
            assertThat(bad.traceId()).isEqualTo(failed.get("trace_id").asText());
            assertThat(bad.span().getParentSpanId().isEmpty()).as("a trace the proxy started").isTrue();
            assertThat(bad.attribute("error.type")).isEqualTo("connection_refused");
            assertThat(bad.attribute("telltale.failure")).isEqualTo("connection_refused");
            assertThat(bad.attribute("telltale.failure_detail")).isEqualTo(failed.get("failure_detail").asText());
            assertThat(bad.attribute("http.response.status_code")).isEqualTo("502");
            assertThat(bad.span().getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
            assertThat(bad.span().getEventsList()).as("each attempt").hasSize(2)
                    .allSatisfy(event -> assertThat(event.getName()).isEqualTo("attempt"));
        }
    }

    @Test
    void theConfigsEndpointTurnsExportOnInTheRunningProxyAndMetricsCountIt(@TempDir Path dir) throws Exception {
        try (OtlpReceiver collector = new OtlpReceiver();
             RecordingUpstream app = new RecordingUpstream("app")) {
            Path config = Files.writeString(dir.resolve("proxy.yaml"), """
                    listen: { address: 127.0.0.1, port: 0 }
                    admin: { address: 127.0.0.1, port: 0 }
                    upstreams:
                      app: { targets: [ "%s" ] }
                    routes:
                      - { name: web, match: { path_prefix: / }, upstream: app }
                    access_log: { target: "%s" }
                    tracing:
                      otlp: { endpoint: "%s" }
                      service_name: edge
                    """.formatted(app.target(), dir.resolve("access.log"), collector.url()));
            try (ProxyProcess proxy = ProxyProcess.start(config)) {
                int port = proxy.awaitPort();
                try (RawHttpClient client = new RawHttpClient(port)) {
                    assertThat(get(client, "/", "00-" + TRACE + "-" + CLIENT_SPAN + "-01").status()).isEqualTo(200);
                }
                List<Received> received = collector.awaitSpans(1, WAIT);
                assertThat(received).hasSize(1);
                assertThat(received.get(0).traceId()).isEqualTo(TRACE);
                assertThat(received.get(0).serviceName()).isEqualTo("edge");
                String metrics = "";
                for (int i = 0; i < 50 && !metrics.contains("telltale_tracing_spans_total{outcome=\"exported\"} 1.0"); i++) {
                    try (RawHttpClient admin = new RawHttpClient(proxy.awaitAdminPort())) {
                        metrics = admin.exchange("GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n").bodyText();
                    }
                    Thread.sleep(100);
                }
                assertThat(metrics).contains("telltale_tracing_spans_total{outcome=\"exported\"} 1.0")
                        .contains("telltale_tracing_spans_total{outcome=\"failed\"} 0.0");
                assertThat(proxy.stderr()).anyMatch(line -> line.contains("exporting spans to " + collector.url()));
            }
        }
    }

    @Test
    void aCollectorThatIsDownCostsTheRequestsNothingAndItsLostSpansAreCounted() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.start(Transport.best(), routes(app.target(), Ports.closed()));
             RawHttpClient client = proxy.client()) {
            SpanExport spans = SpanExport.start(new TracingConfig("http://127.0.0.1:" + Ports.closed() + "/v1/traces",
                    Duration.ofSeconds(2), "telltale"));
            proxy.server().listen(spans);
            for (int i = 0; i < 20; i++) {
                assertThat(get(client, "/page/" + i, null).status()).isEqualTo(200);
            }
            assertThat(proxy.log().awaitEntries(20, WAIT)).hasSize(20);
            // Each span fails at its batch's export, or is dropped if it comes as the exporter closes.
            eventually(() -> spans.failed() + spans.dropped() == 20);
            spans.close();

            assertThat(spans.exported()).isZero();
            assertThat(spans.failed() + spans.dropped()).isEqualTo(20);
        }
    }
}
