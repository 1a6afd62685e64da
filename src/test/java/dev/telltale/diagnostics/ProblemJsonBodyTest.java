package dev.telltale.diagnostics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.config.DetailLevel;
import dev.telltale.failure.Explanations;
import dev.telltale.failure.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemJsonBodyTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void safeProblemHasTheRequiredMembersWithTheirTypes() throws IOException {
        RenderedError rendered = render(SampleReports.report(Failure.CONNECTION_REFUSED), DetailLevel.SAFE);
        JsonNode json = MAPPER.readTree(rendered.body());

        assertThat(rendered.contentType()).isEqualTo("application/problem+json");
        assertThat(json.get("type").asText()).isEqualTo("https://telltale.dev/failures/connection_refused");
        assertThat(json.get("title").asText()).isEqualTo("Connection refused by the application");
        assertThat(json.get("status").isInt()).isTrue();
        assertThat(json.get("status").asInt()).isEqualTo(502);
        assertThat(json.get("detail").asText()).isEqualTo("the application refused the connection");
        assertThat(json.get("instance").asText()).isEqualTo("tag:telltale.dev,2025:request:" + SampleReports.REQUEST_ID);
        assertThat(json.get("failure").asText()).isEqualTo("connection_refused");
        assertThat(json.get("request_id").asText()).isEqualTo(SampleReports.REQUEST_ID);
        assertThat(json.get("phase").asText()).isEqualTo("connect");
        assertThat(json.get("retryable").isBoolean()).isTrue();
        assertThat(json.get("retryable").asBoolean()).isTrue();
        assertThat(json.get("timestamp").asText()).isEqualTo(SampleReports.TIME_TEXT);
        assertThat(json.get("next_checks").isArray()).isTrue();
        assertThat(json.get("next_checks")).allSatisfy(check -> assertThat(check.isTextual()).isTrue());
        assertThat(texts(json.get("next_checks")))
                .isEqualTo(Explanations.of(Failure.CONNECTION_REFUSED).nextChecks());
    }

    @Test
    void safeProblemHasNothingInternal() throws IOException {
        JsonNode json = MAPPER.readTree(render(SampleReports.report(Failure.CONNECTION_REFUSED), DetailLevel.SAFE).body());

        assertThat(fieldNames(json)).containsExactly("type", "title", "status", "detail", "instance", "failure",
                "request_id", "trace_id", "phase", "retryable", "timestamp", "next_checks");
        assertThat(json.get("trace_id").asText()).as("the trace ID names nothing internal").isEqualTo(SampleReports.TRACE_ID);
    }

    @Test
    void anUnknownTraceIsNull() throws IOException {
        JsonNode json = MAPPER.readTree(render(SampleReports.minimal(Failure.DESTINATION_NOT_FOUND), DetailLevel.SAFE).body());
        assertThat(json.get("trace_id").isNull()).isTrue();
    }

    @Test
    void fullProblemAddsRouteUpstreamTargetSettingAttemptsAndTimings() throws IOException {
        JsonNode json = MAPPER.readTree(render(SampleReports.report(Failure.CONNECTION_REFUSED), DetailLevel.FULL).body());

        assertThat(json.get("detail").asText()).isEqualTo(SampleReports.DETAIL);
        assertThat(json.get("route").asText()).isEqualTo(SampleReports.ROUTE);
        assertThat(json.get("upstream").asText()).isEqualTo(SampleReports.UPSTREAM);
        assertThat(json.get("target").asText()).isEqualTo(SampleReports.TARGET);
        assertThat(json.get("config_key").asText()).isEqualTo(SampleReports.CONFIG_KEY);
        assertThat(json.get("method").asText()).isEqualTo("POST");
        assertThat(json.get("path").asText()).isEqualTo("/cart/secret-path?x=1");
        JsonNode attempts = json.get("attempts");
        assertThat(attempts.isArray()).isTrue();
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).get("target").asText()).isEqualTo("10.1.2.4:3000");
        assertThat(attempts.get(0).get("failure").asText()).isEqualTo("connection_refused");
        assertThat(attempts.get(1).get("detail").asText()).isEqualTo(SampleReports.DETAIL);
        JsonNode timings = json.get("timings");
        assertThat(timings.get("connect_ms").isIntegralNumber()).isTrue();
        assertThat(timings.get("connect_ms").asLong()).isEqualTo(3);
        assertThat(timings.get("tls_ms").isNull()).isTrue();
        assertThat(timings.get("ttfb_ms").isNull()).isTrue();
        assertThat(timings.get("duration_ms").asLong()).isEqualTo(12);
    }

    @Test
    void fullProblemOfAnUnroutedRequestHasNullsNotMissingMembers() throws IOException {
        JsonNode json = MAPPER.readTree(render(SampleReports.minimal(Failure.DESTINATION_NOT_FOUND), DetailLevel.FULL).body());

        assertThat(json.get("status").asInt()).isEqualTo(404);
        assertThat(json.get("retryable").asBoolean()).isFalse();
        assertThat(json.get("phase").asText()).isEqualTo("routing");
        assertThat(json.get("route").isNull()).isTrue();
        assertThat(json.get("target").isNull()).isTrue();
        assertThat(json.get("config_key").isNull()).isTrue();
        assertThat(json.get("attempts")).isEmpty();
        assertThat(json.get("detail").asText()).isEqualTo("no route is configured for this address");
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void everyClassGivesAValidProblem(Failure failure) throws IOException {
        JsonNode json = MAPPER.readTree(render(SampleReports.report(failure), DetailLevel.SAFE).body());

        assertThat(json.get("status").asInt()).isEqualTo(failure.status());
        assertThat(json.get("retryable").asBoolean()).isEqualTo(failure.isTransient());
        assertThat(json.get("title").asText()).isEqualTo(Explanations.of(failure).title());
        assertThat(URI.create(json.get("type").asText()).isAbsolute()).isTrue();
        assertThat(URI.create(json.get("instance").asText()).isAbsolute()).isTrue();
    }

    @Test
    void timestampHasExactlyThreeFractionDigitsInUtc() throws IOException {
        for (String instant : List.of("2025-03-04T05:06:07Z", "2025-03-04T05:06:07.1Z", "2025-03-04T05:06:07.123456789Z")) {
            ErrorReport base = SampleReports.report(Failure.CONNECTION_REFUSED);
            ErrorReport report = new ErrorReport(base.failure(), base.requestId(), java.time.Instant.parse(instant),
                    base.phase(), base.detail(), base.method(), base.host(), base.path(), base.route(),
                    base.upstream(), base.target(), base.configKey(), base.attempts(), base.timings());

            String timestamp = MAPPER.readTree(render(report, DetailLevel.SAFE).body()).get("timestamp").asText();

            assertThat(timestamp).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        }
    }

    @Test
    void anIdThatIsNoUriSegmentIsPercentEncodedInInstanceOnly() throws IOException {
        ErrorReport base = SampleReports.report(Failure.CONNECTION_REFUSED);
        ErrorReport report = new ErrorReport(base.failure(), "a b/ü", base.timestamp(), base.phase(), base.detail(),
                null, null, null, null, null, null, null, null, null);

        JsonNode json = MAPPER.readTree(render(report, DetailLevel.SAFE).body());

        assertThat(json.get("instance").asText()).isEqualTo("tag:telltale.dev,2025:request:a%20b%2F%C3%BC");
        assertThat(json.get("request_id").asText()).isEqualTo("a b/ü");
    }

    private static RenderedError render(ErrorReport report, DetailLevel level) {
        return ErrorBody.render(report, level, ResponseFormat.PROBLEM_JSON);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static List<String> fieldNames(JsonNode json) {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
