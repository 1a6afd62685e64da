package dev.telltale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.triage.IncidentLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code triage} through the real command line, on a generated incident (see {@link IncidentLog}). */
class TriageCommandTest {

    private static final String VERDICT = "app:3000 refused connections from 14:02:11 to 14:03:40 (212 requests)"
            + " — the app was not listening; check its start-up logs around 14:02";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(InputStream stdin, String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        ((TriageCommand) cli.getSubcommands().get("triage").getCommand()).stdin = stdin;
        return cli.execute(args);
    }

    private Path incidentFile() throws Exception {
        Path log = dir.resolve("access.log");
        Files.writeString(log, IncidentLog.text());
        return log;
    }

    private static InputStream incidentStream() {
        return new ByteArrayInputStream(IncidentLog.text().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fileWithMixedFailuresGivesExactCountsTimesAndVerdict() throws Exception {
        assertThat(run(InputStream.nullInputStream(), "triage", incidentFile().toString())).isEqualTo(0);

        String text = out.toString();
        assertThat(text).contains("Read 1252 lines: 1247 requests, 2 health events, skipped 3 malformed lines");
        assertThat(text).contains("1247 requests from 14:00:00 to 14:08:19; 247 failed (19.8%): "
                + "242 upstream-side, 0 proxy-side, 5 client-side");
        assertThat(text).contains("Most likely failing layer: the app is not listening / not reachable");
        assertThat(text).contains("  " + VERDICT + "\n");
        assertThat(text).contains("connection_refused: Connection refused by the application. Next checks:")
                .contains("    - docker compose logs --tail=50 app")
                .contains("does the port in upstreams.app.targets match");
        assertThat(text).containsPattern(
                "\n  connection_refused +upstream +web +app +app:3000 +212 +14:02:11 +14:03:40\n");
        assertThat(text).containsPattern(
                "\n  http_response_timeout +upstream +api +billing +billing:8080 +30 +14:05:00 +14:05:58\n");
        assertThat(text).containsPattern("\n  client_closed +client +web +app +app:3000 +5 +14:06:10 +14:06:50\n");
        assertThat(text).containsPattern("\n  14:02 +237 +117 +connection_refused 117\n")
                .containsPattern("\n  14:03 +215 +95 +connection_refused 95\n")
                .containsPattern("\n  \\.\\.\\. +\\(1 minute without failures\\)\n")
                .containsPattern("\n  14:05 +150 +30 +http_response_timeout 30\n")
                .containsPattern("\n  14:06 +125 +5 +client_closed 5\n");
        assertThat(text).containsPattern(
                "\n  14:02:09 +app +app:3000 +up +down +connection_refused +connect to app:3000 refused\n");
        assertThat(text).containsPattern("\n  14:03:45 +app +app:3000 +down +up +- +-\n");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void standardInputReadsLikeAFile() throws Exception {
        run(InputStream.nullInputStream(), "triage", incidentFile().toString());
        String fromFile = out.toString();
        out.getBuffer().setLength(0);

        assertThat(run(incidentStream(), "triage")).isEqualTo(0);
        String fromDefault = out.toString();
        out.getBuffer().setLength(0);
        assertThat(run(incidentStream(), "triage", "-")).isEqualTo(0);

        assertThat(fromDefault).isEqualTo(fromFile).contains(VERDICT);
        assertThat(out.toString()).isEqualTo(fromFile);
    }

    @Test
    void jsonCarriesTheSameSummaryForScripts() throws Exception {
        assertThat(run(incidentStream(), "triage", "--json")).isEqualTo(0);

        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("lines").asLong()).isEqualTo(1252);
        assertThat(json.get("skipped_malformed").asLong()).isEqualTo(3);
        assertThat(json.get("requests").asLong()).isEqualTo(1247);
        assertThat(json.get("failed").asLong()).isEqualTo(247);
        assertThat(json.at("/failed_by_side/upstream").asLong()).isEqualTo(242);
        assertThat(json.at("/failed_by_side/client").asLong()).isEqualTo(5);
        assertThat(json.get("first_request").asText()).isEqualTo("2026-11-23T14:00:00.000Z");
        assertThat(json.get("last_request").asText()).isEqualTo("2026-11-23T14:08:19.500Z");

        JsonNode verdict = json.get("verdict");
        assertThat(verdict.get("layer").asText()).isEqualTo("reachability");
        assertThat(verdict.get("failure").asText()).isEqualTo("connection_refused");
        assertThat(verdict.get("subject").asText()).isEqualTo("app:3000");
        assertThat(verdict.get("count").asLong()).isEqualTo(212);
        assertThat(verdict.get("first_seen").asText()).isEqualTo("2026-11-23T14:02:11.000Z");
        assertThat(verdict.get("last_seen").asText()).isEqualTo("2026-11-23T14:03:40.000Z");
        assertThat(verdict.get("sentence").asText()).isEqualTo(VERDICT);
        assertThat(verdict.get("next_checks")).isNotEmpty();

        JsonNode refused = json.at("/failures/0");
        assertThat(refused.get("failure").asText()).isEqualTo("connection_refused");
        assertThat(refused.get("route").asText()).isEqualTo("web");
        assertThat(refused.get("target").asText()).isEqualTo("app:3000");
        assertThat(refused.get("count").asLong()).isEqualTo(212);
        assertThat(json.at("/failures/1/failure").asText()).isEqualTo("http_response_timeout");
        assertThat(json.at("/failures/1/first_seen").asText()).isEqualTo("2026-11-23T14:05:00.000Z");
        assertThat(json.at("/failures/1/last_seen").asText()).isEqualTo("2026-11-23T14:05:58.000Z");
        assertThat(json.at("/failures/2/side").asText()).isEqualTo("client");
        assertThat(json.get("failures")).hasSize(3);

        assertThat(json.get("timeline")).hasSize(4);
        assertThat(json.at("/timeline/0/minute").asText()).isEqualTo("2026-11-23T14:02:00.000Z");
        assertThat(json.at("/timeline/0/by_failure/connection_refused").asLong()).isEqualTo(117);
        assertThat(json.at("/timeline/1/by_failure/connection_refused").asLong()).isEqualTo(95);
        assertThat(json.at("/timeline/2/by_failure/http_response_timeout").asLong()).isEqualTo(30);
        assertThat(json.at("/timeline/3/requests").asLong()).isEqualTo(125);

        assertThat(json.at("/health/events").asLong()).isEqualTo(2);
        assertThat(json.at("/health/transitions/0/to").asText()).isEqualTo("down");
        assertThat(json.at("/health/transitions/1/failure").isNull()).isTrue();
    }

    @Test
    void unreadableInputExits1AndSaysWhy() {
        assertThat(run(InputStream.nullInputStream(), "triage", dir.resolve("none.log").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("none.log: cannot read: no such file");
        assertThat(run(InputStream.nullInputStream(), "triage", dir.toString())).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void inputWithoutRequestsIsReadNotAnError() {
        assertThat(run(new ByteArrayInputStream("garbage\n\n".getBytes(StandardCharsets.UTF_8)), "triage"))
                .isEqualTo(0);
        assertThat(out.toString()).contains("Read 1 line: 0 requests, skipped 1 malformed line")
                .contains("No request lines found.");
    }

    @Test
    void usageErrorsExit2() {
        assertThat(run(InputStream.nullInputStream(), "triage", "a.log", "b.log")).isEqualTo(2);
        assertThat(run(InputStream.nullInputStream(), "triage", "--no-such-option")).isEqualTo(2);
    }
}
