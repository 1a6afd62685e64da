package dev.telltale.triage;

import dev.telltale.accesslog.AccessLogEncoder;
import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.accesslog.Origin;
import dev.telltale.failure.Failure;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** How the most likely failing layer is chosen and said. */
class VerdictTest {

    private static final Instant T0 = Instant.parse("2026-11-23T14:02:11Z");
    private static final AccessLogEncoder ENCODER = new AccessLogEncoder();

    private final Triage triage = new Triage();

    private void log(int count, String route, String upstream, String target, int status, String failure) {
        for (int i = 0; i < count; i++) {
            triage.accept(ENCODER.encode(AccessLogEntry.builder().ts(T0.plusSeconds(i)).route(route)
                    .upstream(upstream).target(target).status(status).failure(failure)
                    .origin(failure == null ? Origin.UPSTREAM : Origin.PROXY).build()));
        }
    }

    @Test
    void upstreamSideWinsOverMoreNumerousClientSide() {
        log(50, "web", "app", "app:3000", 499, "client_closed");
        log(3, "web", "app", "app:3000", 502, "connection_terminated");

        Verdict v = triage.summary().verdict();

        assertThat(v.layer()).isEqualTo(Layer.TERMINATED);
        assertThat(v.sentence()).isEqualTo("app:3000 closed connections mid-request from 14:02:11 to 14:02:13"
                + " (3 requests) — the app closed connections mid-request (crash? OOM?); check its logs and"
                + " restarts around 14:02");
    }

    @Test
    void oneTargetFailingOnSeveralRoutesIsOneGroup() {
        log(50, "web", "app", "app:3000", 502, "connection_refused");
        log(50, "api", "app", "app:3000", 502, "connection_refused");
        log(80, "api", "app", "app:3000", 504, "http_response_timeout");

        Summary s = triage.summary();

        assertThat(s.groups()).hasSize(3);
        assertThat(s.verdict().failure()).isEqualTo("connection_refused");
        assertThat(s.verdict().count()).isEqualTo(100);
    }

    @Test
    void subjectNamesTheUpstreamWhenNoTargetWasReachedOrTheTargetIsAnAddress() {
        log(2, "web", "app", null, 502, "dns_error");
        assertThat(triage.summary().verdict().sentence())
                .startsWith("upstream app could not be resolved from 14:02:11 to 14:02:12 (2 requests) — ");
        assertThat(Verdict.subject("app", "172.18.0.3:3000")).isEqualTo("app at 172.18.0.3:3000");
        assertThat(Verdict.subject("app", "app:3000")).isEqualTo("app:3000");
    }

    @Test
    void theAppsOwn5xxPointAtTheApp() {
        log(1, "web", "app", "app:3000", 500, null);

        Summary s = triage.summary();

        assertThat(s.failed()).isEqualTo(1);
        assertThat(s.upstreamFailed()).isEqualTo(1);
        assertThat(s.groups().get(0).label()).isEqualTo("status 500");
        assertThat(s.verdict().layer()).isEqualTo(Layer.APP_ERRORS);
        assertThat(s.verdict().sentence()).startsWith("app:3000 answered 500 itself at 14:02:11 (1 request) — ");
    }

    @Test
    void onlyClientSideFailuresBlameTheClients() {
        log(5, "web", "app", "app:3000", 499, "client_closed");

        Verdict v = triage.summary().verdict();

        assertThat(v.layer()).isEqualTo(Layer.CLIENTS);
        assertThat(v.sentence()).startsWith("clients went away before the answer from 14:02:11 to 14:02:15");
    }

    @Test
    void unknownClassIsFailedButNeverTheVerdict() {
        log(9, "web", "app", "app:3000", 502, "warp_core_breach");
        log(1, "web", "app", "app:3000", 504, "http_response_timeout");

        Summary s = triage.summary();

        assertThat(s.failed()).isEqualTo(10);
        assertThat(s.unknownFailed()).isEqualTo(9);
        assertThat(s.verdict().layer()).isEqualTo(Layer.SLOW_APP);
    }

    @Test
    void nothingFailedSaysSo() {
        log(3, "web", "app", "app:3000", 200, null);

        assertThat(triage.summary().verdict().layer()).isEqualTo(Layer.NONE);
        assertThat(triage.summary().verdict().sentence()).isEqualTo("no request failed");
    }

    @Test
    void timesCarryTheDateWhenTheInputCrossesMidnight() {
        triage.accept(ENCODER.encode(AccessLogEntry.builder().ts(Instant.parse("2026-11-23T23:59:30Z"))
                .route("web").upstream("app").target("app:3000").status(502).failure("connection_refused").build()));
        triage.accept(ENCODER.encode(AccessLogEntry.builder().ts(Instant.parse("2026-11-24T00:00:30Z"))
                .route("web").upstream("app").target("app:3000").status(502).failure("connection_refused").build()));

        Summary s = triage.summary();
        StringWriter text = new StringWriter();
        SummaryText.print(s, new PrintWriter(text));

        assertThat(s.verdict().sentence()).contains("from 2026-11-23 23:59:30 to 2026-11-24 00:00:30")
                .endsWith("around 2026-11-23 23:59");
        assertThat(text.toString()).contains("\n  2026-11-23 23:59 ").contains("\n  2026-11-24 00:00 ");
    }

    @Test
    void everyClassHasALayerAndAWording() {
        for (Failure failure : Failure.values()) {
            assertThat(Layer.of(failure)).as(failure.wireName()).isNotNull();
            Wording words = Wording.of(failure, 0);
            assertThat(words.verb()).as(failure.wireName()).isNotBlank();
            assertThat(words.consequence()).as(failure.wireName()).isNotBlank();
        }
    }

    @Test
    void controlCharactersFromTheLogNeverReachTheTerminal() {
        log(1, "web\u001b[2J", "app", "app:3000\nforged", 502, "connection_refused");

        StringWriter text = new StringWriter();
        SummaryText.print(triage.summary(), new PrintWriter(text));

        assertThat(text.toString()).doesNotContain("\u001b").doesNotContain("\nforged").contains("web?[2J");
    }
}
