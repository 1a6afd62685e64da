package dev.telltale.cli;

import dev.telltale.testing.FakeDnsServer;
import dev.telltale.testing.RecordingUpstream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static dev.telltale.cli.CommandRun.closedPort;
import static dev.telltale.cli.CommandRun.config;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code doctor} against real sockets: one verdict per step, the advice under a failure, the exit code. */
@Tag("socket")
class DoctorCommandTest {

    @TempDir
    Path dir;

    private Path oneUpstream(String target, String extra) throws Exception {
        return config(dir, """
                upstreams:
                  app: { targets: ["%s"] %s }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app }
                """.formatted(target, extra));
    }

    @Test
    void healthyTargetPassesEveryStepWithTimingsAndExits0() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app")) {
            CommandRun run = CommandRun.of("doctor", "--config",
                    oneUpstream(app.target(), ", health_check: { path: /health }").toString());

            assertThat(run.exitCode()).isEqualTo(0);
            assertThat(run.out()).contains("upstream app (route web)\n  " + app.target() + "\n")
                    .containsPattern("✓ dns      ok       127\\.0\\.0\\.1 is an IP address, nothing to resolve  \\d+ ms")
                    .containsPattern("✓ connect  ok       connected to " + app.target() + "  \\d+ ms")
                    .contains("– tls      skipped  upstreams.app.tls.enabled is false\n")
                    .containsPattern("✓ http     ok       GET /health -> 200  \\d+ ms")
                    .doesNotContain("likely:")
                    .endsWith("1 target checked, 0 failed\n");
            assertThat(app.last().uri()).isEqualTo("/health");
            assertThat(app.last().header("user-agent")).isEqualTo("telltale-doctor");
            assertThat(app.last().header("host")).isEqualTo(app.target());
        }
    }

    @Test
    void refusedPortFailsAtConnectWithConnectionRefusedItsCauseAndNextCheck() throws Exception {
        int closed = closedPort();
        CommandRun run = CommandRun.of("doctor", "--config", oneUpstream("127.0.0.1:" + closed, "").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .containsPattern("✓ dns      ok       .*\n    ✗ connect  FAILED   connection_refused: connect to "
                        + "127\\.0\\.0\\.1:" + closed + " refused  \\d+ ms\n")
                .contains("\n      likely: the app has not started yet, or is still starting after a deploy\n"
                        + "      check:  docker compose ps app — is it running and healthy?\n"
                        + "    – tls      skipped\n    – http     skipped\n")
                .endsWith("1 target checked, 1 failed\n");
    }

    @Test
    void unresolvableNameFailsAtDnsWithDnsErrorAndSkipsTheRest() throws Exception {
        try (FakeDnsServer dns = FakeDnsServer.knowingNoNames()) {
            CommandRun run = CommandRun.of("doctor", "--config", oneUpstream("app.invalid:3000", "").toString(),
                    "--dns-server", "127.0.0.1:" + dns.address().getPort());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out())
                    .containsPattern("✗ dns      FAILED   dns_error: name app\\.invalid does not resolve .*  \\d+ ms\n")
                    .contains("      likely: a typo in the host name in upstreams.app.targets\n")
                    .contains("      check:  compare the host name in upstreams.app.targets with the service name in"
                            + " compose.yaml\n")
                    .contains("    – connect  skipped\n    – tls      skipped\n    – http     skipped\n");
        }
    }

    @Test
    void withoutUnicodeTheMarksFallBackToAsciiAndTheWordsStay() throws Exception {
        int closed = closedPort();
        CommandRun run = CommandRun.of(false, "doctor", "--config", oneUpstream("127.0.0.1:" + closed, "").toString());

        assertThat(run.out()).contains("    + dns      ok       ").contains("    x connect  FAILED   connection_refused")
                .contains("    - tls      skipped\n").doesNotContain("✓").doesNotContain("✗");
    }

    @Test
    void healthAnswerThatIsNot2xxOr3xxFailsWithItsStatus() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app")) {
            CommandRun run = CommandRun.of("doctor", "--config",
                    oneUpstream(app.target(), ", health_check: { path: /status/503 }").toString());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out())
                    .containsPattern("✗ http     FAILED   GET /status/503 -> 503, expected 2xx or 3xx  \\d+ ms\n")
                    .contains("likely: the app runs but reports an error, e.g. a database or a service it needs is down")
                    .contains("check:  docker compose logs --tail=50 app — why does GET /status/503 answer 503?");
        }
    }

    @Test
    void upstreamThatNeverAnswersFailsAtHttpWithTheRoutesResponseHeaderLimit() throws Exception {
        // Connections complete in the kernel's backlog; nothing ever reads or answers.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path file = config(dir, """
                    upstreams:
                      app: { targets: ["127.0.0.1:%d"] }
                    routes:
                      - { name: web, match: { path_prefix: / }, upstream: app, timeouts: { response_header: 300ms } }
                    """.formatted(silent.getLocalPort()));

            CommandRun run = CommandRun.of("doctor", "--config", file.toString());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out())
                    .containsPattern("✗ http     FAILED   http_response_timeout: no answer to GET / within 300ms "
                            + "\\(routes\\[web]\\.timeouts\\.response_header\\)  \\d+ ms\n")
                    .contains("      likely: a slow database query, a missing index, or a lock wait\n");
        }
    }

    @Test
    void eachUpstreamIsCheckedOnceAndRouteSelectsWhichOnes() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app")) {
            Path file = config(dir, """
                    upstreams:
                      app: { targets: ["%s"] }
                      broken: { targets: ["127.0.0.1:%d"] }
                    routes:
                      - { name: api, match: { path_prefix: /api }, upstream: app }
                      - { name: legacy, match: { path_prefix: /old }, upstream: broken }
                      - { name: web, match: { path_prefix: / }, upstream: app }
                    """.formatted(app.target(), closedPort()));

            CommandRun all = CommandRun.of("doctor", "--config", file.toString());
            assertThat(all.exitCode()).isEqualTo(1);
            assertThat(all.out()).containsOnlyOnce("upstream app (routes api, web)\n")
                    .contains("upstream broken (route legacy)\n")
                    .endsWith("2 targets checked, 1 failed\n");

            CommandRun web = CommandRun.of("doctor", "--config", file.toString(), "--route", "web");
            assertThat(web.exitCode()).isEqualTo(0);
            assertThat(web.out()).contains("upstream app (route web)\n").doesNotContain("broken")
                    .endsWith("1 target checked, 0 failed\n");
        }
    }

    @Test
    void unknownRouteIsAUsageErrorNamingTheRoutes() throws Exception {
        CommandRun run = CommandRun.of("doctor", "--config", oneUpstream("127.0.0.1:1", "").toString(),
                "--route", "nope");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("doctor: no route named nope in ").contains("(routes: web)");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void invalidConfigPrintsItsErrorsAndExits1() throws Exception {
        Path bad = config(dir, """
                upstreams:
                  app: { targets: ["app:3000"] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: ap }
                """);

        CommandRun run = CommandRun.of("doctor", "--config", bad.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(bad + ":5:").contains("routes[0].upstream").contains("not checked");
        assertThat(run.out()).isEmpty();
    }
}
