package dev.telltale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.Json;
import dev.telltale.testing.Ports;
import dev.telltale.testing.ProxyConfigs;
import dev.telltale.testing.ProxyProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application log (stderr) of a running proxy: text with a UTC date and time by default,
 * Logback's JSON lines with {@code TELLTALE_LOG_FORMAT=json}, and any other format refused before
 * a line is written (an unknown one would silence the log).
 */
@Tag("process")
class AppLogFormatTest {

    @TempDir
    Path dir;

    private Path config() throws Exception {
        return ProxyConfigs.oneApp(dir, "127.0.0.1:" + Ports.closed(), "");
    }

    private static List<String> linesUntilStopped(ProxyProcess proxy) throws Exception {
        proxy.awaitPort();
        proxy.awaitStderr("is not reachable yet", 10); // the start-up probe's warning, from an event loop
        assertThat(proxy.stopAndWait()).isZero();
        return proxy.stderr();
    }

    @Test
    void textLinesStartWithTheUtcDateAndTime() throws Exception {
        try (ProxyProcess proxy = ProxyProcess.start(config())) {
            List<String> lines = linesUntilStopped(proxy);
            assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line)
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (INFO |WARN |ERROR) \\S+ - .*"));
            Instant first = Instant.parse(lines.get(0).substring(0, 24));
            assertThat(first).isBetween(Instant.now().minusSeconds(120), Instant.now());
            assertThat(lines).anyMatch(line -> line.contains(" WARN  telltale.startup - upstream app: target"));
            assertThat(lines).last().asString().endsWith(" INFO  telltale - stopped");
        }
    }

    @Test
    void jsonLinesWhenAsked() throws Exception {
        long before = System.currentTimeMillis();
        try (ProxyProcess proxy = ProxyProcess.commandWrapped(List.of("env", "TELLTALE_LOG_FORMAT=json"),
                "run", "--config", config().toString())) {
            List<String> lines = linesUntilStopped(proxy);
            assertThat(lines).hasSizeGreaterThanOrEqualTo(4);
            List<JsonNode> json = lines.stream().map(Json::parse).toList();
            assertThat(json).allSatisfy(line -> {
                assertThat(line.get("timestamp").asLong()).isBetween(before, System.currentTimeMillis());
                assertThat(line.get("level").asText()).isIn("INFO", "WARN", "ERROR");
                assertThat(line.get("loggerName").asText()).isNotEmpty();
                assertThat(line.has("formattedMessage")).isTrue();
            });
            assertThat(json).anySatisfy(line -> {
                assertThat(line.get("level").asText()).isEqualTo("WARN");
                assertThat(line.get("loggerName").asText()).isEqualTo("telltale.startup");
                assertThat(line.get("formattedMessage").asText()).contains("upstream app: target 127.0.0.1:")
                        .contains("connection_refused");
            });
            assertThat(json).last().satisfies(line -> assertThat(line.get("formattedMessage").asText()).isEqualTo("stopped"));
            // Nothing on stdout, where the access log goes: no word from Logback about its own setup.
            assertThat(proxy.stdout()).isEmpty();
        }
    }

    @Test
    void anUnknownFormatIsAUsageError() throws Exception {
        try (ProxyProcess proxy = ProxyProcess.commandWrapped(List.of("env", "TELLTALE_LOG_FORMAT=yaml"),
                "run", "--config", config().toString())) {
            assertThat(proxy.awaitExit(30)).isEqualTo(Main.USAGE);
            assertThat(proxy.stderr()).containsExactly(
                    "proxy: TELLTALE_LOG_FORMAT=\"yaml\" is not a log format: use text (the default) or json");
        }
    }
}
