package dev.telltale.triage;

import dev.telltale.accesslog.AccessLogEncoder;
import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.accesslog.Origin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** One line in, the fields triage uses out; anything that is not a log line is rejected. */
class LineParserTest {

    private static final Instant TS = Instant.parse("2026-11-23T14:02:11.042Z");

    private final LineParser parser = new LineParser();

    private static String refusedAfterRetries() {
        return new AccessLogEncoder().encode(AccessLogEntry.builder().ts(TS).requestId("r1").route("shop")
                .upstream("shop-app").target("10.0.0.3:8080").status(502).origin(Origin.PROXY)
                .failure("connection_refused").attempts(3).addRetry("10.0.0.1:8080", "connection_timeout")
                .addRetry("10.0.0.2:8080", "dns_error").build());
    }

    @Test
    void requestLineKeepsItsOwnFieldsNotThoseOfItsRetries() {
        LogLine line = parser.parse(refusedAfterRetries());

        assertThat(line).isEqualTo(new LogLine.Request(TS, "shop", "shop-app", "10.0.0.3:8080", 502,
                "connection_refused", "proxy"));
        assertThat(((LogLine.Request) line).failed()).isTrue();
    }

    @Test
    void healthEventIsReadAsATransition() {
        LogLine line = parser.parse(IncidentLog.HEALTH_DOWN);

        assertThat(line).isEqualTo(new LogLine.Health(Instant.parse("2026-11-23T14:02:09.500Z"), "app", "app:3000",
                "up", "down", "connection_refused", "connect to app:3000 refused"));
    }

    @Test
    void dockerComposePrefixIsIgnored() {
        assertThat(parser.parse("proxy-1  | " + refusedAfterRetries())).isInstanceOf(LogLine.Request.class);
    }

    @Test
    void eventOfAnotherTypeIsNotMalformed() {
        assertThat(parser.parse("{\"ts\":\"2026-11-23T14:00:00Z\",\"type\":\"reload\",\"config\":{\"ok\":true}}"))
                .isEqualTo(new LogLine.OtherEvent(Instant.parse("2026-11-23T14:00:00Z"), "reload"));
    }

    @Test
    void upstreamOwn5xxFailsWithoutAClass() {
        LogLine.Request own500 = (LogLine.Request) parser.parse(
                "{\"ts\":\"2026-11-23T14:00:00.000Z\",\"status\":500,\"origin\":\"upstream\",\"failure\":null}");
        LogLine.Request notFound = (LogLine.Request) parser.parse(
                "{\"ts\":\"2026-11-23T14:00:00.000Z\",\"status\":404,\"origin\":\"upstream\",\"failure\":null}");

        assertThat(own500.failed()).isTrue();
        assertThat(notFound.failed()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "[1, 2]",
        "\"just a string\"",
        "{\"status\":200}",
        "{\"ts\":\"yesterday\",\"status\":200}",
        "{\"ts\":\"2026-11-23T14:00:00.000Z\"}",
        "{\"ts\":\"2026-11-23T14:00:00.000Z\",\"status\":\"200\"}",
        "{\"ts\":\"2026-11-23T14:00:00.000Z\",\"status\":99999999999}",
        "{\"ts\":\"2026-11-23T14:00:00.000Z\",\"status\":200,\"route\":5}",
        "{\"ts\":\"2026-11-23T14:00:00.000Z\",\"status\":200,\"failure\":{\"x\":1}}",
        "{\"ts\":\"2026-11-23T14:00:00.000Z\",\"status\":200} {\"ts\":\"2026-11-23T14:00:01.000Z\",\"status\":200}",
        "{\"ts\":\"2026-11-23T14:00:00.000Z\",\"status\":200",
        "{\"ts\":\"2026-11-23T14:00:00.000Z\",\"type\":\"health\",\"from\":\"up\"}",
    })
    void malformedLineIsRejected(String line) {
        assertThat(parser.parse(line)).isNull();
    }

    @Test
    void containerEventIsReadWithItsExitCodeOrHealth() {
        LogLine die = parser.parse("{\"ts\":\"2026-12-04T12:01:02.123Z\",\"type\":\"container\","
                + "\"container\":\"shop-app-1\",\"service\":\"app\",\"id\":\"0123456789ab\",\"action\":\"die\","
                + "\"exit_code\":137,\"health\":null,\"signal\":null}");
        LogLine health = parser.parse("{\"ts\":\"2026-12-04T12:01:03.000Z\",\"type\":\"container\","
                + "\"container\":\"shop-app-1\",\"service\":null,\"id\":\"0123456789ab\","
                + "\"action\":\"health_status\",\"exit_code\":null,\"health\":\"unhealthy\",\"signal\":null}");

        assertThat(die).isEqualTo(new LogLine.ContainerLine(Instant.parse("2026-12-04T12:01:02.123Z"), "shop-app-1",
                "app", "die", 137, null));
        assertThat(health).isEqualTo(new LogLine.ContainerLine(Instant.parse("2026-12-04T12:01:03Z"), "shop-app-1",
                null, "health_status", null, "unhealthy"));
    }

    @Test
    void requestLineKeepsWhatItSaidOfTheContainer() {
        LogLine.Request line = (LogLine.Request) parser.parse("{\"ts\":\"2026-12-04T12:01:06.000Z\",\"status\":502,"
                + "\"failure\":\"connection_refused\",\"container\":{\"name\":\"shop-app-1\",\"service\":\"app\","
                + "\"state\":\"exited\",\"exit_code\":137,\"oom_killed\":true,\"restarts_15m\":3,\"health\":null,"
                + "\"since\":\"2026-12-04T12:01:02.123Z\",\"image\":\"shop:1.4\",\"health_output\":null,"
                + "\"cause\":\"The app container `shop-app-1` was OOM-killed (exit 137) 4 s before this request.\"}}");

        assertThat(line.container()).isEqualTo(new LogLine.ContainerSeen("shop-app-1", "app", "exited", 137, true,
                Instant.parse("2026-12-04T12:01:02.123Z"),
                "The app container `shop-app-1` was OOM-killed (exit 137) 4 s before this request."));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"ts\":\"2026-12-04T12:00:00.000Z\",\"type\":\"container\",\"action\":\"die\"}",
        "{\"ts\":\"2026-12-04T12:00:00.000Z\",\"type\":\"container\",\"container\":\"shop-app-1\"}",
        "{\"ts\":\"2026-12-04T12:00:00.000Z\",\"type\":\"container\",\"container\":\"a\",\"action\":\"die\","
                + "\"exit_code\":\"137\"}",
        "{\"ts\":\"2026-12-04T12:00:00.000Z\",\"type\":\"container\",\"container\":\"a\",\"action\":\"die\","
                + "\"exit_code\":1.5}",
        "{\"ts\":\"2026-12-04T12:00:00.000Z\",\"type\":\"container\",\"container\":7,\"action\":\"die\"}",
        "{\"ts\":\"2026-12-04T12:00:00.000Z\",\"type\":\"container\",\"container\":{\"name\":\"a\"},"
                + "\"action\":\"die\"}",
        "{\"ts\":\"2026-12-04T12:00:00.000Z\",\"type\":\"container\",\"container\":\"a\","
                + "\"action\":\"health_status\",\"health\":null}",
        "{\"ts\":\"2026-12-04T12:00:00.000Z\",\"type\":\"container\",\"container\":\"a\",\"action\":\"oom\"",
        "{\"ts\":\"2026-12-04T12:00:00.000Z\",\"status\":502,\"container\":\"shop-app-1\"}",
        "{\"ts\":\"2026-12-04T12:00:00.000Z\",\"status\":502,\"container\":{\"state\":\"exited\"}}",
        "{\"ts\":\"2026-12-04T12:00:00.000Z\",\"status\":502,\"container\":{\"name\":\"a\",\"oom_killed\":\"yes\"}}",
        "{\"ts\":\"2026-12-04T12:00:00.000Z\",\"status\":502,\"container\":{\"name\":\"a\",\"since\":\"soon\"}}",
    })
    void malformedContainerLineIsRejected(String line) {
        assertThat(parser.parse(line)).isNull();
    }

    @Test
    void malformedContainerLinesAreCountedAsMalformedAndExplainNothing() throws Exception {
        Summary s = Triage.read(new java.io.StringReader(String.join("\n",
                "{\"ts\":\"2026-12-04T12:01:00.000Z\",\"type\":\"container\",\"container\":\"shop-app-1\","
                        + "\"service\":\"app\",\"action\":\"oom\",\"exit_code\":\"none\"}",
                "{\"ts\":\"2026-12-04T12:01:00.100Z\",\"type\":\"container\",\"service\":\"app\",\"action\":\"die\"}",
                "{\"ts\":\"2026-12-04T12:01:01.000Z\",\"route\":\"web\",\"upstream\":\"app\",\"target\":\"app:3000\","
                        + "\"status\":502,\"origin\":\"proxy\",\"failure\":\"connection_refused\",\"container\":null}")));

        assertThat(s.malformed()).isEqualTo(2);
        assertThat(s.containerEvents()).isZero();
        assertThat(s.verdict().layer()).isEqualTo(Layer.REACHABILITY);
    }

    @Test
    void cutOffRealLineIsRejected() {
        String line = refusedAfterRetries();
        for (int cut = 1; cut < line.length(); cut += 7) {
            assertThat(parser.parse(line.substring(0, cut))).as("cut at %d", cut).isNull();
        }
    }
}
