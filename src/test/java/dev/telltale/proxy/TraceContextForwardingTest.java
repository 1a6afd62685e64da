package dev.telltale.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.diagnostics.ErrorReport;
import dev.telltale.testing.Curl;
import dev.telltale.testing.Json;
import dev.telltale.testing.Ports;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.testing.RecordingUpstream;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * W3C trace context end to end, over real connections: a client's trace is continued with the
 * proxy's span as the upstream's parent, a missing one is started, and the trace ID is in the log
 * line, the page, problem+json and the incident of the same request.
 */
@Tag("socket")
class TraceContextForwardingTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String CLIENT_SPAN = "b7ad6b7169203331";
    private static final String TRACEPARENT = "00-" + TRACE + "-" + CLIENT_SPAN + "-01";

    private static String routes(String target) {
        return """
                upstreams:
                  app: { targets: [ "%s" ] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app, retry: { attempts: 1 } }
                """.formatted(target);
    }

    @Test
    void aClientsTraceIsContinuedWithTheProxysSpanAsTheUpstreamsParent() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.start(Transport.best(), routes(app.target()));
             RawHttpClient client = proxy.client()) {
            RawResponse response = client.exchange("GET /a HTTP/1.1\r\nHost: shop\r\ntraceparent: " + TRACEPARENT
                    + "\r\ntracestate: congo=t61rcWkgMzE,rojo=00f067aa0ba902b7\r\n\r\n");
            assertThat(response.status()).isEqualTo(200);

            JsonNode line = proxy.log().awaitRequestEntry(WAIT);
            String span = line.get("span_id").asText();
            assertThat(line.get("trace_id").asText()).isEqualTo(TRACE);
            assertThat(span).matches("[0-9a-f]{16}").isNotEqualTo(CLIENT_SPAN);
            RecordingUpstream.Received seen = app.last();
            assertThat(seen.header("traceparent")).isEqualTo("00-" + TRACE + "-" + span + "-01");
            assertThat(seen.header("tracestate")).isEqualTo("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
            assertThat(seen.headers().get("traceparent")).hasSize(1);
        }
    }

    @Test
    void aRequestWithoutATraceStartsOneAndAMalformedOnesStateIsDropped() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.start(Transport.best(), routes(app.target()));
             RawHttpClient client = proxy.client()) {
            client.exchange("GET /new HTTP/1.1\r\nHost: shop\r\n\r\n");
            JsonNode line = proxy.log().awaitRequestEntry(WAIT);
            assertThat(app.last().header("traceparent"))
                    .isEqualTo("00-" + line.get("trace_id").asText() + "-" + line.get("span_id").asText() + "-01");
            assertThat(line.get("trace_id").asText()).matches("[0-9a-f]{32}");

            proxy.log().clear();
            client.exchange("GET /bad HTTP/1.1\r\nHost: shop\r\ntraceparent: 00-" + TRACE.toUpperCase() + "-"
                    + CLIENT_SPAN + "-01\r\ntracestate: congo=t61rcWkgMzE\r\n\r\n");
            JsonNode bad = proxy.log().awaitRequestEntry(WAIT);
            assertThat(bad.get("trace_id").asText()).isNotEqualToIgnoringCase(TRACE);
            assertThat(app.last().header("tracestate")).isNull();
            assertThat(app.last().header("traceparent")).startsWith("00-" + bad.get("trace_id").asText() + "-");
        }
    }

    @Test
    void anHttp2StreamsTraceIsContinuedToo() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.startH2c(routes(app.target()))) {
            Curl.Result get = Curl.run("--http2-prior-knowledge", "-H", "traceparent: " + TRACEPARENT,
                    "http://127.0.0.1:" + proxy.port() + "/h2");
            assertThat(get.httpVersion()).isEqualTo("2");
            assertThat(get.status()).isEqualTo(200);
            JsonNode line = proxy.log().awaitRequestEntry(WAIT);
            assertThat(line.get("trace_id").asText()).isEqualTo(TRACE);
            assertThat(app.last().header("traceparent")).isEqualTo("00-" + TRACE + "-" + line.get("span_id").asText()
                    + "-01");
        }
    }

    @Test
    void aFailuresPageProblemAndIncidentCarryTheTraceOfItsLogLine() throws Exception {
        try (ProxyHarness proxy = ProxyHarness.start(Transport.best(), routes("127.0.0.1:" + Ports.closed()));
             RawHttpClient client = proxy.client()) {
            RawResponse page = client.exchange("GET /down HTTP/1.1\r\nHost: shop\r\nAccept: text/html\r\n"
                    + "traceparent: " + TRACEPARENT + "\r\n\r\n");
            assertThat(page.status()).isEqualTo(502);
            assertThat(page.bodyText()).contains("<code class=\"copy\" id=\"trace-id\">" + TRACE + "</code>");
            JsonNode line = proxy.log().awaitRequestEntry(WAIT);
            assertThat(line.get("trace_id").asText()).isEqualTo(TRACE);
            assertThat(line.get("request_id").asText()).isEqualTo(page.header("x-request-id"));
            ErrorReport incident = proxy.incidents().find(page.header("x-request-id")).orElseThrow();
            assertThat(incident.traceId()).isEqualTo(TRACE);

            RawResponse problem = client.exchange("GET /down HTTP/1.1\r\nHost: shop\r\n"
                    + "Accept: application/problem+json\r\ntraceparent: " + TRACEPARENT + "\r\n\r\n");
            assertThat(problem.status()).isEqualTo(502);
            assertThat(Json.parse(problem.bodyText()).get("trace_id").asText()).isEqualTo(TRACE);
        }
    }
}
