package dev.telltale.cli;

import dev.telltale.testing.ProxyProcess;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RecordingUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run --transport}: the I/O transport is chosen at start-up and named in the start line. */
class RunTransportTest {

    @TempDir
    Path dir;

    private Path config(String target) throws Exception {
        Path file = dir.resolve("proxy.yaml");
        Files.writeString(file, """
                listen: { address: 127.0.0.1, port: 0 }
                admin: { address: 127.0.0.1, port: 0 }
                upstreams:
                  app: { targets: ["%s"] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app }
                """.formatted(target));
        return file;
    }

    @Test
    void unknownTransportIsAUsageErrorThatListsTheChoices() throws Exception {
        try (ProxyProcess proxy = ProxyProcess.command("run", "--config", config("127.0.0.1:9").toString(),
                "--transport", "kqueue")) {
            assertThat(proxy.awaitExit(30)).isEqualTo(Main.USAGE);
            assertThat(String.join("\n", proxy.stderr()))
                    .contains("--transport: unknown transport \"kqueue\" (use auto, epoll, nio)");
        }
    }

    @Test
    void nioTransportCanBeChosenWhereEpollWouldBeTheDefault() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyProcess proxy = ProxyProcess.command("run", "--config", config(app.target()).toString(),
                     "--transport", "nio");
             RawHttpClient client = new RawHttpClient(proxy.awaitPort())) {
            assertThat(client.exchange("GET /nio HTTP/1.1\r\nHost: a\r\n\r\n").bodyText()).isEqualTo("app:/nio");
            assertThat(String.join("\n", proxy.stderr())).contains("(nio)");
        }
    }
}
