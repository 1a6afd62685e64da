package dev.telltale.docker;

import dev.telltale.testing.CapturedLog;
import dev.telltale.testing.Poll;
import dev.telltale.config.DockerConfig;
import dev.telltale.container.ContainerStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A daemon that goes away, was never there, refuses, is too old or answers garbage: a problem, never an exception. */
@Tag("socket")
class DockerSourceFailureTest {

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(DockerSourceTest.NOW);
    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    static List<DockerTransport> transports() {
        return DockerSourceTest.transports();
    }

    @AfterEach
    void closeAll() throws Exception {
        while (!open.isEmpty()) {
            open.pop().close();
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aDaemonThatStopsMidRunIsOneWarningThenAResyncWhenItIsBack(DockerTransport transport) throws Exception {
        FakeDockerApi docker = opened(new FakeDockerApi(dir, transport));
        docker.put(Recorded.inspect("app-healthy"));
        docker.put(Recorded.inspect("worker-oom-killed"));
        CapturedLog log = opened(new CapturedLog("telltale.docker"));
        DockerSource source = start(docker.endpoint(), transport);
        assertThat(source.awaitSynced(Duration.ofSeconds(10))).isTrue();

        docker.stop();
        Poll.until("disconnected", () -> !source.current().connected());
        assertThat(source.current().all()).hasSize(2);
        Poll.until("the warning", () -> !log.warnings().isEmpty());
        docker.remove(Recorded.WORKER); // removed while the proxy could not see it
        docker.start();

        Poll.until("connected again", () -> source.current().connected());
        assertThat(source.problem()).isNull();
        assertThat(source.current().byId(Recorded.WORKER).orElseThrow().status()).isEqualTo(ContainerStatus.GONE);
        assertThat(source.current().byId(Recorded.APP).orElseThrow().status()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(log.warnings()).singleElement().asString().isEqualTo("lost the Docker API at " + docker.endpoint()
                + "; retrying (cannot reach the Docker API at " + docker.endpoint()
                + ": no such file (is the socket mounted?))");
        assertThat(log.infos()).last().asString().isEqualTo("the Docker API at " + docker.endpoint()
                + " is back (API 1.44, 1 container)");
    }

    @Test
    void aMissingSocketIsAProblemNotAnException() throws Exception {
        CapturedLog log = opened(new CapturedLog("telltale.docker"));
        String endpoint = "unix://" + dir.resolve("docker.sock");

        DockerSource source = start(endpoint, DockerTransport.best());

        Poll.until("a problem", () -> source.problem() != null);
        assertThat(source.problem()).isEqualTo("cannot reach the Docker API at " + endpoint
                + ": no such file (is the socket mounted?)");
        assertThat(source.awaitSynced(Duration.ofMillis(50))).isFalse();
        assertThat(source.current().connected()).isFalse();
        assertThat(log.warnings()).containsExactly(source.problem() + "; retrying");
    }

    @Test
    void aDaemonThatStartsAfterTheProxyIsReadOnTheNextTry() throws Exception {
        CapturedLog log = opened(new CapturedLog("telltale.docker"));
        DockerSource source = start("unix://" + dir.resolve("docker.sock"), DockerTransport.best());
        Poll.until("a problem", () -> source.problem() != null);

        FakeDockerApi docker = opened(new FakeDockerApi(dir, DockerTransport.best()));
        docker.put(Recorded.inspect("app-healthy"));

        assertThat(source.awaitSynced(Duration.ofSeconds(10))).isTrue();
        assertThat(source.problem()).isNull();
        assertThat(log.warnings()).hasSize(1);
        assertThat(log.infos()).containsExactly("reading the Docker API at " + docker.endpoint()
                + " (API 1.44, 1 container)");
    }

    @Test
    void aSocketNobodyListensOnIsConnectionRefused() throws Exception {
        Path socket = dir.resolve("docker.sock");
        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(Files.exists(socket)).isTrue();

        DockerSource source = start("unix://" + socket, DockerTransport.best());

        Poll.until("a problem", () -> source.problem() != null);
        assertThat(source.problem()).isEqualTo("cannot reach the Docker API at unix://" + socket
                + ": connection refused (is the Docker daemon running?)");
    }

    @Test
    void aSocketProxyThatForbidsTheEventsIsNamedAndRetriedWithABackoff() throws Exception {
        FakeDockerApi docker = opened(new FakeDockerApi(dir, DockerTransport.best()));
        docker.put(Recorded.inspect("app-healthy"));
        docker.forbid("/events");
        CapturedLog log = opened(new CapturedLog("telltale.docker"));

        DockerSource source = start(docker.endpoint(), DockerTransport.best());

        Poll.until("a problem", () -> source.problem() != null);
        assertThat(source.problem()).isEqualTo("the API answered 403 to GET /events: a socket proxy must allow "
                + "GET /containers and /events");
        // Retries at 0.5 s, 1 s, 2 s...: not a spin.
        Poll.until("the second try", () -> docker.requestsTo("/_ping") >= 2);
        Thread.sleep(300);
        assertThat(docker.requestsTo("/_ping")).isLessThanOrEqualTo(3);
        assertThat(log.warnings()).containsExactly(source.problem() + "; retrying");
        assertThat(source.current().connected()).isFalse();
    }

    @Test
    void aDaemonTooOldIsNamedWithTheVersionNeeded() throws Exception {
        FakeDockerApi docker = opened(new FakeDockerApi(dir, DockerTransport.best()));
        docker.version("1.12", "1.12");

        DockerSource source = start(docker.endpoint(), DockerTransport.best());

        Poll.until("a problem", () -> source.problem() != null);
        assertThat(source.problem()).isEqualTo("Docker API version 1.12 is too old: 1.24 or newer is needed");
        assertThat(docker.requestsTo("/containers")).isZero();
    }

    @Test
    void aListThatIsNotJsonOrAnErrorIsAProblemNamingTheRequest() throws Exception {
        FakeDockerApi docker = opened(new FakeDockerApi(dir, DockerTransport.best()));
        docker.answer("/containers/json", 200, "Internal Server Error");

        DockerSource source = start(docker.endpoint(), DockerTransport.best());

        Poll.until("a problem", () -> source.problem() != null);
        assertThat(source.problem()).startsWith("unexpected answer to GET /containers/json: not JSON");

        docker.answer("/containers/json", 500, "{\"message\":\"context deadline exceeded\"}");
        Poll.until("the next problem", () -> source.problem().startsWith("the API answered"));
        assertThat(source.problem())
                .isEqualTo("the API answered 500 to GET /containers/json: context deadline exceeded");
    }

    @Test
    void anEndpointThatIsNotDockerIsAProblem() throws Exception {
        FakeDockerApi docker = opened(new FakeDockerApi(dir, DockerTransport.best()));
        docker.answer("/_ping", 404, "<html><body>Not Found</body></html>");

        DockerSource source = start(docker.endpoint(), DockerTransport.best());

        Poll.until("a problem", () -> source.problem() != null);
        assertThat(source.problem())
                .isEqualTo("the API answered 404 to GET /_ping: <html><body>Not Found</body></html>");
    }

    private DockerSource start(String endpoint, DockerTransport transport) {
        return opened(DockerSource.start(new DockerConfig(endpoint), event -> { }, clock, null, transport));
    }

    private <T extends AutoCloseable> T opened(T closeable) {
        open.push(closeable);
        return closeable;
    }

}
