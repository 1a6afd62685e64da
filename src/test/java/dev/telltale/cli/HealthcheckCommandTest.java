package dev.telltale.cli;

import dev.telltale.admin.AdminServer;
import dev.telltale.config.AdminConfig;
import dev.telltale.config.IncidentsConfig;
import dev.telltale.diagnostics.IncidentStore;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.telltale.cli.CommandRun.closedPort;
import static dev.telltale.cli.CommandRun.config;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code healthcheck}, the HEALTHCHECK of an image without curl, against a real admin listener. */
@Tag("socket")
class HealthcheckCommandTest {

    @TempDir
    Path dir;

    private static AdminServer admin() throws InterruptedException {
        return AdminServer.start(new AdminConfig("127.0.0.1", 0), Transport.nio(),
                new IncidentStore(IncidentsConfig.DEFAULTS));
    }

    @Test
    void adminHealthzAnswering200Exits0() throws Exception {
        try (AdminServer admin = admin()) {
            String url = "http://127.0.0.1:" + admin.port() + "/healthz";

            CommandRun run = CommandRun.of("healthcheck", "--url", url);

            assertThat(run.exitCode()).isEqualTo(0);
            assertThat(run.out()).isEqualTo("healthcheck: " + url + " answered 200\n");
        }
    }

    @Test
    void adminAddressAndPortComeFromTheConfig() throws Exception {
        try (AdminServer admin = admin()) {
            Path file = config(dir, """
                    admin: { address: 127.0.0.1, port: %d }
                    upstreams: { app: { targets: ["app:3000"] } }
                    routes: [ { name: web, match: { path_prefix: / }, upstream: app } ]
                    """.formatted(admin.port()));

            assertThat(CommandRun.of("healthcheck", "--config", file.toString()).exitCode()).isEqualTo(0);
        }
    }

    @Test
    void closedAdminPortExits1WithTheReasonOnStderr() throws Exception {
        int closed = closedPort();

        CommandRun run = CommandRun.of("healthcheck", "--url", "http://127.0.0.1:" + closed + "/healthz");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("healthcheck: http://127.0.0.1:" + closed + "/healthz refused the connection:"
                + " is the proxy running, with its admin listener on that port?\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void answerOtherThan200Exits1() throws Exception {
        try (AdminServer admin = admin()) {
            CommandRun run = CommandRun.of("healthcheck", "--url", "http://127.0.0.1:" + admin.port() + "/nope");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).endsWith("/nope answered 404, not 200\n");
        }
    }

    @Test
    void invalidConfigExits1() throws Exception {
        Path bad = config(dir, "admin: { port: 99999 }\n");

        CommandRun run = CommandRun.of("healthcheck", "--config", bad.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("admin.port").contains("cannot tell where the admin listener is");
    }

    @Test
    void wildcardAdminAddressIsAskedOnLoopback() {
        assertThat(HealthcheckCommand.healthz(new AdminConfig("0.0.0.0", 9901)))
                .hasToString("http://127.0.0.1:9901/healthz");
        assertThat(HealthcheckCommand.healthz(new AdminConfig("::", 9901))).hasToString("http://127.0.0.1:9901/healthz");
        assertThat(HealthcheckCommand.healthz(new AdminConfig("::1", 9901))).hasToString("http://[::1]:9901/healthz");
    }
}
