package dev.telltale.triage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Recorded incidents where the app's container, not the network, is the cause. */
class ContainerVerdictTest {

    private final List<String> log = new ArrayList<>();

    private static String at(String time) {
        return "2026-12-04T" + time + "Z";
    }

    private void request(String time, String target, int status, String failure, String container) {
        log.add("{\"ts\":\"" + at(time) + "\",\"request_id\":\"r" + log.size() + "\",\"route\":\"web\","
                + "\"upstream\":\"app\",\"target\":\"" + target + "\",\"status\":" + status + ",\"origin\":\""
                + (failure == null ? "upstream" : "proxy") + "\",\"failure\":"
                + (failure == null ? "null" : "\"" + failure + "\"") + ",\"container\":" + container + "}");
    }

    private void failed(String time, String failure) {
        request(time, "app:3000", 502, failure, "null");
    }

    /** {@code container} is named project-service-n, as Compose names them. */
    private void event(String time, String container, String action, Integer exitCode) {
        log.add("{\"ts\":\"" + at(time) + "\",\"type\":\"container\",\"container\":\"" + container
                + "\",\"service\":\"" + container.split("-")[1] + "\",\"id\":\"0123456789ab\",\"action\":\""
                + action + "\",\"exit_code\":" + exitCode + ",\"health\":null,\"signal\":" + (action.equals("kill") ? "\"15\"" : "null") + "}");
    }

    private void oomKill(String oomTime, String dieTime, String startTime) {
        event(oomTime, "shop-app-1", "oom", null);
        event(dieTime, "shop-app-1", "die", 137);
        event(startTime, "shop-app-1", "start", null);
    }

    private void healthyTraffic() {
        for (int minute = 0; minute < 10; minute++) {
            request("12:0" + minute + ":30.000", "app:3000", 200, null, "null");
        }
    }

    private Summary summary() throws IOException {
        return Triage.read(new StringReader(String.join("\n", log)));
    }

    private static String text(Summary s) {
        StringWriter out = new StringWriter();
        SummaryText.print(s, new PrintWriter(out));
        return out.toString();
    }

    @Test
    void oomKillsNameTheContainerInsteadOfTheRefusedConnections() throws IOException {
        healthyTraffic();
        event("11:59:00.000", "shop-app-1", "start", null);
        oomKill("12:01:02.123", "12:01:02.300", "12:01:05.000");
        failed("12:01:02.200", "connection_terminated");
        failed("12:01:03.000", "connection_refused");
        failed("12:01:04.000", "connection_refused");
        oomKill("12:05:00.000", "12:05:00.100", "12:05:03.000");
        failed("12:05:00.050", "connection_terminated");
        failed("12:05:01.000", "connection_refused");
        oomKill("12:09:00.000", "12:09:00.100", "12:09:03.000");
        failed("12:09:01.000", "connection_refused");
        failed("12:09:02.000", "connection_refused");

        Summary s = summary();
        Verdict v = s.verdict();

        assertThat(v.layer()).isEqualTo(Layer.CONTAINER_OOM);
        assertThat(v.container()).isEqualTo("shop-app-1");
        assertThat(v.failure()).isEqualTo("connection_refused");
        assertThat(v.count()).isEqualTo(7);
        assertThat(v.sentence()).isEqualTo("the app container shop-app-1 was OOM-killed 3 times between 12:01 and"
                + " 12:09 — 7 requests to app:3000 failed from 12:01:02 to 12:09:02 (connection_refused 5,"
                + " connection_terminated 2); check its memory limit against its use: docker stats shop-app-1");
        assertThat(v.nextChecks()).anySatisfy(check -> assertThat(check)
                .startsWith("docker logs --until 2026-12-04T12:01:02.123Z --tail=50 shop-app-1"));

        ContainerTimeline app = s.containers().get(0);
        assertThat(s.containerEvents()).isEqualTo(10);
        assertThat(app.oomKills().count()).isEqualTo(3);
        assertThat(app.oomKills().first()).isEqualTo(Instant.parse(at("12:01:02.123")));
        assertThat(app.oomKills().last()).isEqualTo(Instant.parse(at("12:09:00.000")));
        assertThat(app.dies().count()).isEqualTo(3);
        assertThat(app.exitCodes()).containsEntry(137, 3L);
        assertThat(app.restarts().count()).isEqualTo(3);
        assertThat(app.stops().count()).isZero();

        String text = text(s);
        assertThat(text).contains("Read 27 lines: 17 requests, 10 container events")
                .contains("Most likely failing layer: the app's container ran out of memory (OOM-killed)\n")
                .contains("  Next checks:\n    - docker inspect --format")
                .contains("\nContainers\n")
                .containsPattern("\n  shop-app-1 +app +all events +10 +11:59:00 +12:09:03 *\n")
                .containsPattern("\n +OOM kills +3 +12:01:02 +12:09:00 *\n")
                .containsPattern("\n +exits +3 +12:01:02 +12:09:00 +code 137 ×3\n")
                .containsPattern("\n +restarts +3 +12:01:05 +12:09:03 *\n");
    }

    @Test
    void crashLoopIsTheExitCodeAndTheCountMatchedByTheContainerTheLinesName() throws IOException {
        // The target is an address: only the container object on the failed lines ties it to the container.
        String seen = "{\"name\":\"shop-app-1\",\"service\":\"app\",\"state\":\"restarting\",\"exit_code\":1,"
                + "\"oom_killed\":false,\"restarts_15m\":2,\"health\":null,\"since\":\"" + at("12:01:00.000")
                + "\",\"image\":\"shop:1.4\",\"health_output\":null,\"cause\":\"The app container `shop-app-1`"
                + " exited with code 1 1 s before this request; Docker is restarting it.\"}";
        for (int i = 0; i < 5; i++) {
            String minute = "12:0" + (i + 1);
            event(minute + ":00.000", "shop-app-1", "die", 1);
            request(minute + ":01.000", "172.18.0.3:3000", 502, "connection_refused", seen);
            event(minute + ":10.000", "shop-app-1", "start", null);
        }
        // Another service dying meanwhile explains nothing about this target.
        event("12:02:30.000", "shop-worker-1", "oom", null);

        Summary s = summary();

        assertThat(s.verdict().layer()).isEqualTo(Layer.CONTAINER_EXITED);
        assertThat(s.verdict().sentence()).isEqualTo("the app container shop-app-1 exited 5 times with code 1"
                + " between 12:01 and 12:05, a crash loop — 5 requests to app at 172.18.0.3:3000 failed from"
                + " 12:01:01 to 12:05:01 (connection_refused); check why it exits: docker logs --tail=50 shop-app-1");
        assertThat(s.verdict().nextChecks()).contains("exit code 1 means the app stopped on an error of its own");
        assertThat(s.containers()).extracting(ContainerTimeline::name).containsExactly("shop-app-1", "shop-worker-1");
        assertThat(s.containers().get(0).restarts().count()).isEqualTo(5);
    }

    @Test
    void cleanStopIsSaidAsAStop() throws IOException {
        healthyTraffic();
        event("12:03:00.000", "shop-app-1", "kill", null);
        event("12:03:00.400", "shop-app-1", "die", 0);
        event("12:03:00.500", "shop-app-1", "stop", null);
        for (int i = 1; i <= 20; i++) {
            failed("12:03:" + String.format("%02d", i * 2) + ".000", "connection_refused");
        }

        Summary s = summary();

        assertThat(s.verdict().layer()).isEqualTo(Layer.CONTAINER_STOPPED);
        assertThat(s.verdict().sentence()).isEqualTo("the app container shop-app-1 was stopped at 12:03 — 20"
                + " requests to app:3000 failed from 12:03:02 to 12:03:40 (connection_refused); check who stopped"
                + " it, and start it again: docker compose up -d app");
        assertThat(s.containers().get(0).stops().count()).isEqualTo(1);
        assertThat(s.containers().get(0).exitCodes()).containsEntry(0, 1L);
    }

    @Test
    void anExitLongBeforeTheFailuresDoesNotExplainThem() throws IOException {
        oomKill("11:00:00.000", "11:00:00.100", "11:00:03.000");
        failed("12:03:02.000", "connection_refused");

        Verdict v = summary().verdict();

        assertThat(v.layer()).isEqualTo(Layer.REACHABILITY);
        assertThat(v.container()).isNull();
        assertThat(v.sentence()).startsWith("app:3000 refused connections at 12:03:02 (1 request) — ");
    }

    @Test
    void aContainerStillDownSinceLongBeforeExplainsTheFailures() throws IOException {
        event("11:00:00.000", "shop-app-1", "stop", null);
        event("11:00:00.000", "shop-app-1", "kill", null);
        event("11:00:00.300", "shop-app-1", "die", 143);
        failed("12:03:02.000", "connection_refused");

        Verdict v = summary().verdict();

        assertThat(v.layer()).isEqualTo(Layer.CONTAINER_STOPPED);
        assertThat(v.sentence()).startsWith("the app container shop-app-1 was stopped at 11:00 — 1 request to"
                + " app:3000 failed at 12:03:02 (connection_refused); ");
    }

    @Test
    void containersFollowedAreBoundedButEveryEventIsCounted() {
        Triage triage = new Triage();
        int containers = ContainerEvidence.MAX_CONTAINERS + 20;
        for (int i = 0; i < containers; i++) {
            triage.accept("{\"ts\":\"" + at("12:00:00.000") + "\",\"type\":\"container\",\"container\":\"job-"
                    + i + "\",\"service\":null,\"action\":\"start\",\"exit_code\":null,\"health\":null}");
        }

        Summary s = triage.summary();

        assertThat(s.containerEvents()).isEqualTo(containers);
        assertThat(s.containers()).hasSize(ContainerEvidence.MAX_CONTAINERS);
    }

    @Test
    void anExitJustBeforeTheFirstFailureExplainsIt() throws IOException {
        oomKill("12:01:00.000", "12:01:00.100", "12:01:40.000");
        failed("12:02:50.000", "connection_refused");

        assertThat(summary().verdict().sentence())
                .startsWith("the app container shop-app-1 was OOM-killed at 12:01 — 1 request to app:3000 failed"
                        + " at 12:02:50 (connection_refused); ");
    }

    @Test
    void failedLinesAloneTellAnOomKillWhenTheEventsAreNotInTheInput() throws IOException {
        for (int i = 0; i < 3; i++) {
            request("12:01:0" + (i + 4) + ".000", "app:3000", 502, "connection_refused",
                    "{\"name\":\"shop-app-1\",\"service\":\"app\",\"state\":\"exited\",\"exit_code\":137,"
                            + "\"oom_killed\":true,\"restarts_15m\":0,\"health\":null,\"since\":\""
                            + at("12:01:02.123") + "\",\"image\":\"shop:1.4\",\"health_output\":null,"
                            + "\"cause\":\"The app container `shop-app-1` was OOM-killed (exit 137) 4 s before"
                            + " this request.\"}");
        }

        Summary s = summary();

        assertThat(s.verdict().layer()).isEqualTo(Layer.CONTAINER_OOM);
        assertThat(s.verdict().sentence()).startsWith("the app container shop-app-1 was OOM-killed at 12:01 — 3"
                + " requests to app:3000 failed from 12:01:04 to 12:01:06 (connection_refused); ");
        assertThat(s.containers()).isEmpty();
        assertThat(text(s)).doesNotContain("Containers");
    }

    @Test
    void aCauseTheProxyLoggedForARunningContainerIsTheVerdictSentence() throws IOException {
        request("12:01:04.000", "app:3000", 502, "connection_refused",
                "{\"name\":\"shop-app-1\",\"service\":\"app\",\"state\":\"running\",\"exit_code\":null,"
                        + "\"oom_killed\":false,\"restarts_15m\":0,\"health\":\"healthy\",\"since\":\""
                        + at("11:00:00.000") + "\",\"image\":\"shop:1.4\",\"health_output\":null,\"cause\":"
                        + "\"It is most likely bound to 127.0.0.1; make it listen on 0.0.0.0.\"}");

        Verdict v = summary().verdict();

        assertThat(v.layer()).isEqualTo(Layer.REACHABILITY);
        assertThat(v.container()).isEqualTo("shop-app-1");
        assertThat(v.sentence()).isEqualTo("1 request to app:3000 failed at 12:01:04 (connection_refused) — It is"
                + " most likely bound to 127.0.0.1; make it listen on 0.0.0.0.");
        assertThat(v.title()).isNotNull();
    }

    @Test
    void aLogWithoutContainerLinesKeepsTodaysVerdict() throws IOException {
        Summary s = Triage.read(new StringReader(IncidentLog.text()));

        assertThat(s.verdict().sentence()).isEqualTo("app:3000 refused connections from 14:02:11 to 14:03:40"
                + " (212 requests) — the app was not listening; check its start-up logs around 14:02");
        assertThat(s.verdict().container()).isNull();
        assertThat(s.containerEvents()).isZero();
        assertThat(s.containers()).isEmpty();
        assertThat(text(s)).doesNotContain("Containers").doesNotContain("container event");
    }

    @Test
    void jsonCarriesTheContainerTimeline() throws IOException {
        event("12:00:00.000", "shop-app-1", "start", null);
        oomKill("12:01:02.123", "12:01:02.300", "12:01:05.000");
        log.add("{\"ts\":\"" + at("12:01:30.000") + "\",\"type\":\"container\",\"container\":\"shop-app-1\","
                + "\"service\":\"app\",\"id\":\"0123456789ab\",\"action\":\"health_status\",\"exit_code\":null,"
                + "\"health\":\"unhealthy\",\"signal\":null}");
        failed("12:01:03.000", "connection_refused");
        StringWriter out = new StringWriter();

        SummaryJson.write(summary(), out);

        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("container_events").asLong()).isEqualTo(5);
        assertThat(json.at("/verdict/layer").asText()).isEqualTo("container_oom");
        assertThat(json.at("/verdict/container").asText()).isEqualTo("shop-app-1");
        JsonNode app = json.at("/containers/0");
        assertThat(app.get("container").asText()).isEqualTo("shop-app-1");
        assertThat(app.get("service").asText()).isEqualTo("app");
        assertThat(app.at("/oom_kills/count").asLong()).isEqualTo(1);
        assertThat(app.at("/oom_kills/first").asText()).isEqualTo("2026-12-04T12:01:02.123Z");
        assertThat(app.at("/exit_codes/137").asLong()).isEqualTo(1);
        assertThat(app.at("/restarts/count").asLong()).isEqualTo(1);
        assertThat(app.at("/health_changes/count").asLong()).isEqualTo(1);
        assertThat(app.get("health").asText()).isEqualTo("unhealthy");
        assertThat(app.at("/events/last").asText()).isEqualTo("2026-12-04T12:01:30.000Z");
    }
}
