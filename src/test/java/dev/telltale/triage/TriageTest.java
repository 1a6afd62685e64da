package dev.telltale.triage;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The aggregate over a whole stream: counting rules and what it keeps. */
class TriageTest {

    private static String request(String ts, int status, String failure) {
        return "{\"ts\":\"" + ts + "\",\"route\":\"web\",\"upstream\":\"app\",\"target\":\"app:3000\",\"status\":"
                + status + ",\"origin\":\"proxy\",\"failure\":" + (failure == null ? "null" : "\"" + failure + "\"")
                + "}";
    }

    @Test
    void generatedIncidentCountsExactly() throws IOException {
        Summary s = Triage.read(new StringReader(IncidentLog.text()));

        assertThat(s.lines()).isEqualTo(1252);
        assertThat(s.malformed()).isEqualTo(3);
        assertThat(s.requests()).isEqualTo(1247);
        assertThat(s.failed()).isEqualTo(247);
        assertThat(s.healthEvents()).isEqualTo(2);
        assertThat(s.groups()).extracting(FailureGroup::label, FailureGroup::count)
                .containsExactly(tuple("connection_refused", 212L),
                        tuple("http_response_timeout", 30L),
                        tuple("client_closed", 5L));
        assertThat(s.groups().get(0).first()).isEqualTo(IncidentLog.REFUSED_FROM);
        assertThat(s.groups().get(0).last()).isEqualTo(IncidentLog.REFUSED_TO);
        assertThat(s.timeline()).extracting(Minute::failed).containsExactly(117L, 95L, 30L, 5L);
    }

    @Test
    void firstAndLastSeenDoNotAssumeLinesAreInTimeOrder() throws IOException {
        // The log is written when requests end, stamped when they began: a slow request comes late.
        String log = String.join("\n",
                request("2026-11-23T14:02:20.000Z", 502, "connection_refused"),
                request("2026-11-23T14:02:05.000Z", 502, "connection_refused"),
                request("2026-11-23T14:02:30.000Z", 502, "connection_refused"));

        FailureGroup group = Triage.read(new StringReader(log)).groups().get(0);

        assertThat(group.first()).isEqualTo(Instant.parse("2026-11-23T14:02:05Z"));
        assertThat(group.last()).isEqualTo(Instant.parse("2026-11-23T14:02:30Z"));
    }

    @Test
    void blankLinesAreNeitherLinesNorMalformed() throws IOException {
        Summary s = Triage.read(new StringReader("\n   \n" + request("2026-11-23T14:00:00.000Z", 200, null) + "\n\n"));

        assertThat(s.lines()).isEqualTo(1);
        assertThat(s.malformed()).isZero();
        assertThat(s.failed()).isZero();
    }

    @Test
    void healthTransitionsKeptAreBoundedButAllAreCounted() {
        Triage triage = new Triage();
        int events = Triage.MAX_TRANSITIONS + 500;
        for (int i = 0; i < events; i++) {
            triage.accept("{\"ts\":\"" + Instant.parse("2026-11-23T14:00:00Z").plusSeconds(i)
                    + "\",\"type\":\"health\",\"upstream\":\"app\",\"target\":\"app:3000\",\"from\":\"up\","
                    + "\"to\":\"down\",\"failure\":\"connection_refused\",\"detail\":null}");
        }

        Summary s = triage.summary();

        assertThat(s.healthEvents()).isEqualTo(events);
        assertThat(s.transitions()).hasSize(Triage.MAX_TRANSITIONS);
        assertThat(s.requests()).isZero();
    }
}
