package dev.telltale.cli;

import dev.telltale.testing.ProxyConfigs;
import dev.telltale.testing.ProxyProcess;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.testing.RecordingUpstream;
import dev.telltale.testing.ScriptedUpstream;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The proxy as a real process: SIGTERM drains and exits 0, SIGHUP and file changes reload. */
@Tag("process")
class LifecycleTest {

    @TempDir
    Path dir;

    private Path config(String upstreamTarget, String extra) throws Exception {
        return ProxyConfigs.oneApp(dir, upstreamTarget, "access_log: { target: \"" + dir.resolve("access.log") + "\" }\n"
                + extra);
    }

    private static RawResponse get(int port, String path) throws Exception {
        try (RawHttpClient client = new RawHttpClient(port)) {
            return client.exchange("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n");
        }
    }

    @Test
    void sigtermDuringASlowRequestLetsItFinishThenExitsZero() throws Exception {
        try (ScriptedUpstream slow = new ScriptedUpstream(connection -> {
                 connection.readRequest();
                 Thread.sleep(1500);
                 connection.respondOk("slow but complete");
             });
             ProxyProcess proxy = ProxyProcess.start(config(slow.target(), "shutdown_grace: 10s"))) {
            int port = proxy.awaitPort();
            int admin = proxy.awaitAdminPort();
            assertThat(get(admin, "/readyz").status()).isEqualTo(200);

            CompletableFuture<RawResponse> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return get(port, "/slow");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            while (slow.requests() < 1) {
                Thread.sleep(10);
            }
            proxy.signal("TERM");
            proxy.awaitStderr("stopping: draining 1 request(s) in flight", 5);
            RawResponse readiness = get(admin, "/readyz");
            assertThat(readiness.status()).isEqualTo(503);
            assertThat(readiness.bodyText()).contains("draining");

            RawResponse finished = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(finished.status()).isEqualTo(200);
            assertThat(finished.bodyText()).isEqualTo("slow but complete");
            assertThat(finished.header("connection")).isEqualTo("close");
            assertThat(proxy.awaitExit(15)).isZero();
            assertThat(Files.readString(dir.resolve("access.log"))).contains("\"path\":\"/slow\"").contains("\"status\":200");
        }
    }

    @Test
    void sighupSwitchesToAValidConfigAndKeepsServingOnAnInvalidOne() throws Exception {
        try (RecordingUpstream one = new RecordingUpstream("one");
             RecordingUpstream two = new RecordingUpstream("two")) {
            Path file = config(one.target(), "");
            try (ProxyProcess proxy = ProxyProcess.start(file)) {
                int port = proxy.awaitPort();
                assertThat(get(port, "/x").bodyText()).isEqualTo("one:/x");

                config(two.target(), "");
                proxy.signal("HUP");
                proxy.awaitStderr("reloaded", 10);
                assertThat(get(port, "/x").bodyText()).isEqualTo("two:/x");

                Files.writeString(file, Files.readString(file).replace("upstream: app", "upstream: ap"));
                proxy.signal("HUP");
                String rejected = proxy.awaitStderr("rejected", 10);
                assertThat(rejected).contains("still serving the previous config");
                assertThat(proxy.awaitStderr("routes[0].upstream: no upstream is named \"ap\"", 5)).contains(":6:");
                assertThat(get(port, "/x").bodyText()).isEqualTo("two:/x");
                assertThat(proxy.stopAndWait()).isZero();
            }
        }
    }

    @Test
    void requestInFlightDuringAReloadFinishesOnTheConfigItStartedWith() throws Exception {
        try (ScriptedUpstream slow = new ScriptedUpstream(connection -> {
                 connection.readRequest();
                 Thread.sleep(1000);
                 connection.respondOk("old config, complete");
             });
             RecordingUpstream fresh = new RecordingUpstream("fresh")) {
            Path file = config(slow.target(), "");
            try (ProxyProcess proxy = ProxyProcess.start(file)) {
                int port = proxy.awaitPort();
                CompletableFuture<RawResponse> inFlight = CompletableFuture.supplyAsync(() -> {
                    try {
                        return get(port, "/long");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                while (slow.requests() < 1) {
                    Thread.sleep(10);
                }
                config(fresh.target(), "");
                proxy.signal("HUP");
                proxy.awaitStderr("reloaded", 10);
                assertThat(get(port, "/new").bodyText()).isEqualTo("fresh:/new");
                assertThat(inFlight.get(10, TimeUnit.SECONDS).bodyText()).isEqualTo("old config, complete");
            }
        }
    }

    @Test
    void watchReloadsWhenTheFileChanges() throws Exception {
        try (RecordingUpstream one = new RecordingUpstream("one");
             RecordingUpstream two = new RecordingUpstream("two")) {
            try (ProxyProcess proxy = ProxyProcess.start(config(one.target(), "watch: true"))) {
                int port = proxy.awaitPort();
                assertThat(get(port, "/w").bodyText()).isEqualTo("one:/w");
                config(two.target(), "watch: true");
                proxy.awaitStderr("reloaded", 15);
                assertThat(get(port, "/w").bodyText()).isEqualTo("two:/w");
            }
        }
    }

    /** A ConfigMap volume: proxy.yaml links through {@code ..data}, and an update swaps that link, not the file. */
    @Test
    void watchReloadsWhenAConfigMapVolumeSwapsItsData() throws Exception {
        try (RecordingUpstream one = new RecordingUpstream("one");
             RecordingUpstream two = new RecordingUpstream("two")) {
            Path volume = Files.createDirectory(dir.resolve("configmap"));
            Path first = Files.createDirectory(volume.resolve("..2026_12_07_a"));
            Files.move(config(one.target(), "watch: true"), first.resolve("proxy.yaml"));
            Files.createSymbolicLink(volume.resolve("..data"), first.getFileName());
            Path file = Files.createSymbolicLink(volume.resolve("proxy.yaml"), Path.of("..data/proxy.yaml"));
            try (ProxyProcess proxy = ProxyProcess.start(file)) {
                int port = proxy.awaitPort();
                assertThat(get(port, "/w").bodyText()).isEqualTo("one:/w");
                Path second = Files.createDirectory(volume.resolve("..2026_12_07_b"));
                Files.move(config(two.target(), "watch: true"), second.resolve("proxy.yaml"));
                Path staged = Files.createSymbolicLink(volume.resolve("..data_tmp"), second.getFileName());
                Files.move(staged, volume.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                proxy.awaitStderr("reloaded", 15);
                assertThat(get(port, "/w").bodyText()).isEqualTo("two:/w");
            }
        }
    }

    @Test
    void sighupIgnoredAtStartIsSaidPlainly() throws Exception {
        // nohup starts a process with HUP ignored, and the JVM cannot take an ignored signal back.
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyProcess proxy = ProxyProcess.commandWrapped(List.of("env", "--ignore-signal=HUP"),
                     "run", "--config", config(app.target(), "").toString())) {
            assertThat(proxy.awaitStderr("signal HUP was ignored", 30))
                    .contains("stays ignored; reload with watch: true in the config instead");
            proxy.awaitPort();
        }
    }

    @Test
    void unknownTransportIsAUsageErrorThatListsTheChoices() throws Exception {
        try (ProxyProcess proxy = ProxyProcess.command("run", "--config", config("127.0.0.1:9", "").toString(),
                "--transport", "kqueue")) {
            assertThat(proxy.awaitExit(30)).isEqualTo(Main.USAGE);
            assertThat(String.join("\n", proxy.stderr()))
                    .contains("--transport: unknown transport \"kqueue\" (use auto, epoll, io_uring, nio)");
        }
    }

    @Test
    void nioTransportCanBeChosenWhereEpollWouldBeTheDefault() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyProcess proxy = ProxyProcess.command("run", "--config", config(app.target(), "").toString(),
                     "--transport", "nio");
             RawHttpClient client = new RawHttpClient(proxy.awaitPort())) {
            assertThat(client.exchange("GET /nio HTTP/1.1\r\nHost: a\r\n\r\n").bodyText()).isEqualTo("app:/nio");
            assertThat(String.join("\n", proxy.stderr())).contains("(nio)");
        }
    }

    @Test
    void ioUringTransportCanBeChosen() throws Exception {
        assumeTrue(IoUring.isAvailable(), "io_uring is not available here");
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyProcess proxy = ProxyProcess.command("run", "--config", config(app.target(), "").toString(),
                     "--transport", "io_uring");
             RawHttpClient client = new RawHttpClient(proxy.awaitPort())) {
            assertThat(client.exchange("GET /ring HTTP/1.1\r\nHost: a\r\n\r\n").bodyText()).isEqualTo("app:/ring");
            assertThat(String.join("\n", proxy.stderr())).contains("(io_uring)");
        }
    }
}
