package dev.telltale.accesslog;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AccessLogEncoderTest {

    private final AccessLogEncoder encoder = new AccessLogEncoder();

    @Test
    void writesEveryFieldInTheDocumentedOrder() {
        JsonNode json = CapturedLines.parse(encoder.encode(SampleEntries.minimal()));

        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("ts", "request_id", "trace_id", "span_id", "client", "method", "host", "path",
                "protocol", "route", "upstream", "target", "status", "upstream_status", "grpc_status", "origin", "failure",
                "failure_detail", "attempts", "retries", "bytes_in", "bytes_out", "connect_ms",
                "tls_ms", "ttfb_ms", "duration_ms", "held_ms", "user_agent", "container");
    }

    @Test
    void rendersUnknownFieldsAsNull() {
        String line = encoder.encode(SampleEntries.minimal());

        assertThat(line).isEqualTo("{\"ts\":\"2026-11-23T14:02:11.042Z\",\"request_id\":null,"
                + "\"trace_id\":null,\"span_id\":null,\"client\":null,\"method\":null,\"host\":null,\"path\":null,\"protocol\":null,\"route\":null,"
                + "\"upstream\":null,\"target\":null,\"status\":0,\"upstream_status\":null,\"grpc_status\":null,"
                + "\"origin\":\"proxy\",\"failure\":null,\"failure_detail\":null,\"attempts\":0,"
                + "\"retries\":[],\"bytes_in\":0,\"bytes_out\":0,\"connect_ms\":null,"
                + "\"tls_ms\":null,\"ttfb_ms\":null,\"duration_ms\":0,\"held_ms\":null,\"user_agent\":null,\"container\":null}");
    }

    @Test
    void writesEveryValueOfAFullEntry() {
        JsonNode json = CapturedLines.parse(encoder.encode(SampleEntries.full("r-1")));

        assertThat(json.get("request_id").asText()).isEqualTo("r-1");
        assertThat(json.get("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(json.get("span_id").asText()).isEqualTo("00f067aa0ba902b7");
        assertThat(json.get("client").asText()).isEqualTo("203.0.113.7");
        assertThat(json.get("method").asText()).isEqualTo("GET");
        assertThat(json.get("host").asText()).isEqualTo("shop.example");
        assertThat(json.get("path").asText()).isEqualTo("/cart?id=1");
        assertThat(json.get("route").asText()).isEqualTo("shop");
        assertThat(json.get("upstream").asText()).isEqualTo("shop-app");
        assertThat(json.get("target").asText()).isEqualTo("10.0.0.3:8080");
        assertThat(json.get("status").intValue()).isEqualTo(502);
        assertThat(json.get("upstream_status").isNull()).isTrue();
        assertThat(json.get("origin").asText()).isEqualTo("proxy");
        assertThat(json.get("failure").asText()).isEqualTo("connection_refused");
        assertThat(json.get("failure_detail").asText()).isEqualTo("connect to 10.0.0.3:8080 refused");
        assertThat(json.get("attempts").intValue()).isEqualTo(3);
        assertThat(json.get("bytes_in").longValue()).isEqualTo(120);
        assertThat(json.get("bytes_out").longValue()).isEqualTo(2048);
        assertThat(json.get("connect_ms").longValue()).isEqualTo(3);
        assertThat(json.get("tls_ms").isNull()).isTrue();
        assertThat(json.get("ttfb_ms").isNull()).isTrue();
        assertThat(json.get("duration_ms").longValue()).isEqualTo(1502);
        assertThat(json.get("held_ms").longValue()).isEqualTo(1200);
        assertThat(json.get("user_agent").asText()).isEqualTo("curl/8.5.0");
    }

    @Test
    void writesUpstreamOriginAndStatusLowercase() {
        AccessLogEntry entry = AccessLogEntry.builder().ts(SampleEntries.TS)
                .origin(Origin.UPSTREAM).status(503).upstreamStatus(503).build();

        JsonNode json = CapturedLines.parse(encoder.encode(entry));

        assertThat(json.get("origin").asText()).isEqualTo("upstream");
        assertThat(json.get("upstream_status").intValue()).isEqualTo(503);
    }

    @Test
    void writesRetriesAsTargetFailureObjectsInOrder() {
        String line = encoder.encode(SampleEntries.full("r-1"));

        assertThat(line).contains("\"retries\":["
                + "{\"target\":\"10.0.0.1:8080\",\"failure\":\"connection_timeout\"},"
                + "{\"target\":\"10.0.0.2:8080\",\"failure\":\"connection_refused\"}]");
    }

    @ParameterizedTest
    @CsvSource({
            "2026-11-23T14:02:11Z,           2026-11-23T14:02:11.000Z",
            "2026-11-23T14:02:11.120Z,       2026-11-23T14:02:11.120Z",
            "2026-11-23T14:02:11.123456Z,    2026-11-23T14:02:11.123Z",
            "2026-11-23T14:02:11.999999999Z, 2026-11-23T14:02:11.999Z",
            "2026-01-01T00:00:00.000001Z,    2026-01-01T00:00:00.000Z"
    })
    void timestampHasExactlyThreeFractionDigitsInUtc(String instant, String expected) {
        AccessLogEntry entry = AccessLogEntry.builder().ts(Instant.parse(instant)).build();

        assertThat(CapturedLines.parse(encoder.encode(entry)).get("ts").asText()).isEqualTo(expected);
    }

    @Test
    void untrustedTextCannotSplitTheLineAndParsesBackUnchanged() {
        String path = "/a\nb\rc\"d\\e\u0000f\u001b[31mg\u007fh\u0085i\u009bj\u2028k\u2029l";
        String agent = "evil\n{\"status\":200}";
        AccessLogEntry entry = AccessLogEntry.builder().ts(SampleEntries.TS)
                .path(path).userAgent(agent).failureDetail("tab\there").build();

        String line = encoder.encode(entry);

        assertThat(line).doesNotContain("\n", "\r", "\u0000", "\u001b", "\u007f", "\u0085",
                "\u009b", "\u2028", "\u2029", "\t");
        assertThat(line).contains("\\u2028", "\\u2029", "\\u001B", "\\u009B", "\\u007F");
        JsonNode json = CapturedLines.parse(line);
        assertThat(json.get("path").asText()).isEqualTo(path);
        assertThat(json.get("user_agent").asText()).isEqualTo(agent);
        assertThat(json.get("failure_detail").asText()).isEqualTo("tab\there");
    }

    @Test
    void keepsOtherNonAsciiTextReadable() {
        AccessLogEntry entry = AccessLogEntry.builder().ts(SampleEntries.TS)
                .path("/café/日本").build();

        assertThat(encoder.encode(entry)).contains("\"path\":\"/café/日本\"");
    }

    @Test
    void lineHasNoTrailingNewline() {
        assertThat(encoder.encode(SampleEntries.full("r-1"))).endsWith("}");
    }
}
