package dev.telltale.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code check}, {@code --help} and {@code --version} through the real command line. */
class CheckCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void shippedExampleConfigIsValid() {
        assertThat(run("check", "--config", "config/proxy.yaml")).isEqualTo(0);
        assertThat(out.toString()).contains("config/proxy.yaml: valid");
    }

    @Test
    void invalidConfigPrintsEveryErrorWithLocationAndExits1() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                listen:
                  port: 70000
                upstreams:
                  app:
                    targets: ["app:3000"]
                routes:
                  - name: web
                    match: { path_prefix: / }
                    upstream: ap
                    timeouts: { connect: 5 sec }
                """);

        assertThat(run("check", "--config", bad.toString())).isEqualTo(1);

        String errors = err.toString();
        assertThat(errors).contains(bad + ":2:9: listen.port: ");
        assertThat(errors).contains(bad + ":9:15: routes[0].upstream: ");
        assertThat(errors).contains(bad + ":10:26: routes[0].timeouts.connect: \"5 sec\" is not a duration");
        assertThat(errors).contains("3 errors");
    }

    @Test
    void missingFileIsAnErrorNotACrash() {
        assertThat(run("check", "--config", dir.resolve("none.yaml").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("none.yaml");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(run("check", "--no-such-option")).isEqualTo(2);
        assertThat(run("no-such-command")).isEqualTo(2);
    }

    @Test
    void helpAndVersionExit0() {
        assertThat(run("--help")).isEqualTo(0);
        assertThat(out.toString()).contains("check").contains("run").contains("doctor").contains("healthcheck");
        assertThat(run("--version")).isEqualTo(0);
        assertThat(out.toString()).contains("telltale ");
    }
}
