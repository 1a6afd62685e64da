package dev.telltale.docker;

import dev.telltale.testing.CapturedLog;
import dev.telltale.testing.Poll;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telltale.config.DockerConfig;
import dev.telltale.container.Container;
import dev.telltale.container.ContainerEvent;
import dev.telltale.container.ContainerStatus;
import dev.telltale.container.Containers;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The source against a fake Docker API on a real unix socket: the sync, and events changing the state. */
@Tag("socket")
class DockerSourceTest {

    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(NOW);
    private final List<ContainerEvent> heard = new CopyOnWriteArrayList<>();
    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    static List<DockerTransport> transports() {
        return Epoll.isAvailable() ? List.of(DockerTransport.nio(), DockerTransport.epoll())
                : List.of(DockerTransport.nio());
    }

    @AfterEach
    void closeAll() throws Exception {
        while (!open.isEmpty()) {
            open.pop().close();
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void theFirstSyncListsAndInspectsEveryContainerAfterOpeningTheEventsStream(DockerTransport transport)
            throws Exception {
        FakeDockerApi docker = composeProject(transport);
        CapturedLog log = opened(new CapturedLog("telltale.docker"));

        DockerSource source = start(docker.endpoint(), "edge", transport);

        assertThat(source.awaitSynced(Duration.ofSeconds(10))).isTrue();
        Containers snapshot = source.current();
        assertThat(snapshot.connected()).isTrue();
        assertThat(snapshot.all()).extracting(Container::name).containsExactly("shop-api-1", "shop-app-1",
                "shop-db-1", "shop-proxy-1", "shop-worker-1");
        assertThat(snapshot.selfId()).isEqualTo(Recorded.PROXY);
        assertThat(snapshot.byId(Recorded.WORKER).orElseThrow().oomKilled()).isTrue();
        assertThat(source.problem()).isNull();
        List<String> requests = docker.requests();
        assertThat(requests.subList(0, 4)).satisfiesExactly(
                ping -> assertThat(ping).isEqualTo("/_ping"),
                version -> assertThat(version).isEqualTo("/version"),
                events -> assertThat(events).isEqualTo("/v1.44/events?since=" + NOW.getEpochSecond()
                        + ".000000000&filters=%7B%22type%22%3A%5B%22container%22%5D%7D"),
                list -> assertThat(list).isEqualTo("/v1.44/containers/json?all=1"));
        assertThat(requests).contains("/v1.44/containers/" + Recorded.APP + "/json");
        assertThat(log.infos()).containsExactly("reading the Docker API at " + docker.endpoint()
                + " (API 1.44, 5 containers)");
        assertThat(log.warnings()).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .contains(DockerTransport.THREAD_NAME);
    }

    @Test
    void dieOomAndStartChangeTheStateAtOnceAndRestartsAreCountedInTheWindow() throws Exception {
        FakeDockerApi docker = composeProject(DockerTransport.best());
        DockerSource source = synced(docker);

        Instant diedAt = NOW.plusSeconds(1);
        docker.put(Recorded.withState(Recorded.inspect("app-healthy"), "exited", 137, true,
                Instant.parse("2026-12-04T11:02:51.734416109Z"), diedAt));
        Recorded.events().subList(0, 3).forEach(docker::emit); // a health check's exec events: not kept
        docker.emit(Recorded.event(Recorded.APP, "shop-app-1", "oom", diedAt, "com.docker.compose.service", "app"));
        docker.emit(Recorded.event(Recorded.APP, "shop-app-1", "die", diedAt, "com.docker.compose.service", "app",
                "exitCode", "137"));
        Poll.until("the app exited", () -> app(source).status() == ContainerStatus.EXITED && app(source).oomKilled());
        assertThat(app(source).exitCode()).isEqualTo(137);
        assertThat(app(source).finishedAt()).isEqualTo(diedAt);

        Instant startedAt = NOW.plusSeconds(3);
        docker.put(Recorded.withState(Recorded.inspect("app-healthy"), "running", 0, false, startedAt, diedAt));
        docker.emit(Recorded.event(Recorded.APP, "shop-app-1", "start", startedAt,
                "com.docker.compose.service", "app"));
        Poll.until("the app restarted", () -> app(source).status() == ContainerStatus.RUNNING
                && app(source).restartsWithin(Container.RESTART_WINDOW, clock.instant()) == 1);

        assertThat(heard).extracting(ContainerEvent::action).containsExactly("oom", "die", "start");
        assertThat(heard.get(1).exitCode()).isEqualTo(137);
        assertThat(heard).allSatisfy(e -> assertThat(e.service()).isEqualTo("app"));
        assertThat(app(source).events()).extracting(ContainerEvent::action).containsExactly("oom", "die", "start");
        Poll.until("the inspection after the start", () -> app(source).startedAt().equals(startedAt)
                && !app(source).oomKilled());
        clock.advance(Duration.ofMinutes(16));
        assertThat(app(source).restartsWithin(Container.RESTART_WINDOW, clock.instant())).isZero();
    }

    @Test
    void aDestroyedContainerIsGoneAtOnce() throws Exception {
        FakeDockerApi docker = composeProject(DockerTransport.best());
        DockerSource source = synced(docker);

        docker.remove(Recorded.WORKER);
        docker.emit(Recorded.event(Recorded.WORKER, "shop-worker-1", "destroy", NOW.plusSeconds(5)));

        Poll.until("the worker gone", () -> worker(source).status() == ContainerStatus.GONE);
        assertThat(worker(source).removedAt()).isEqualTo(NOW);
        assertThat(heard).extracting(ContainerEvent::action).containsExactly("destroy");
    }

    @Test
    void aMalformedOrOversizedEventLineIsSkippedWithOneWarningAndTheStreamGoesOn() throws Exception {
        FakeDockerApi docker = composeProject(DockerTransport.best());
        DockerSource source = synced(docker);
        CapturedLog log = opened(new CapturedLog("telltale.docker"));

        ObjectNode healthy = Recorded.inspect("db-unhealthy");
        ((ObjectNode) healthy.at("/State/Health")).put("Status", "healthy");
        docker.put(healthy); // what the inspection after the event will find

        docker.emit("{\"Type\":\"container\",\"Action\":\"die\",\"Actor\":{\"ID\":");
        docker.emitRaw("{\"padding\":\"" + "x".repeat(EventStreamHandler.MAX_LINE) + "\"}\n");
        docker.emit(Recorded.event(Recorded.DB, "shop-db-1", "health_status: healthy", NOW.plusSeconds(2)));

        Poll.until("the db healthy", () -> source.current().byId(Recorded.DB).orElseThrow().health().equals("healthy"));
        assertThat(source.current().connected()).isTrue();
        // Both skipped lines are of one kind: one warning a minute.
        assertThat(log.warnings()).singleElement().asString().startsWith("skipped an event of the Docker API");
    }

    @Test
    void aMalformedInspectionIsOneWarningAndTheSyncStillEnds() throws Exception {
        FakeDockerApi docker = composeProject(DockerTransport.best());
        docker.answer("/containers/" + Recorded.DB + "/json", 200, "{\"Id\": \"9a1b3c");
        docker.answer("/containers/" + Recorded.API + "/json", 500, "{\"message\":\"devmapper: Unknown device\"}");
        CapturedLog log = opened(new CapturedLog("telltale.docker"));

        DockerSource source = synced(docker);

        assertThat(source.current().all()).extracting(Container::id)
                .containsExactlyInAnyOrder(Recorded.APP, Recorded.WORKER, Recorded.PROXY);
        assertThat(log.warnings()).singleElement().asString()
                .matches("(unexpected answer to GET /containers/" + Recorded.DB + "/json: not JSON.*"
                        + "|the API answered 500 to GET /containers/" + Recorded.API
                        + "/json: devmapper: Unknown device)");
    }

    @Test
    void anOlderDaemonIsSpokenToInItsOwnVersionAndATcpEndpointWorksAlike() throws Exception {
        FakeDockerApi docker = composeProject(DockerTransport.best());
        docker.version("1.41", "1.12");

        DockerSource source = start(docker.tcpEndpoint(), null, DockerTransport.best());

        assertThat(source.awaitSynced(Duration.ofSeconds(10))).isTrue();
        assertThat(source.current().all()).hasSize(5);
        assertThat(source.current().selfId()).isNull();
        assertThat(docker.requests()).contains("/v1.41/containers/json?all=1");
    }

    @Test
    void aContainerCreatedAfterTheSyncAppearsWithItsEventAndItsInspection() throws Exception {
        FakeDockerApi docker = composeProject(DockerTransport.best());
        DockerSource source = synced(docker);
        ObjectNode web = Recorded.withState(Recorded.inspect("app-healthy"), "running", 0, false, NOW, null);
        web.put("Id", "77aa").put("Name", "/shop-web-1");
        docker.put(web);

        docker.emit(Recorded.event("77aa", "shop-web-1", "start", NOW, "com.docker.compose.service", "web"));

        Poll.until("the web container inspected", () -> source.current().byId("77aa")
                .filter(c -> "shop:1.4".equals(c.image())).isPresent());
        Container started = source.current().byId("77aa").orElseThrow();
        assertThat(started.name()).isEqualTo("shop-web-1");
        assertThat(started.status()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(started.restarts()).isEmpty();
        assertThat(started.events()).extracting(ContainerEvent::action).containsExactly("start");
    }

    @Test
    void aHostWithManyContainersIsInspectedAFewAtATime() throws Exception {
        FakeDockerApi docker = opened(new FakeDockerApi(dir, DockerTransport.best()));
        for (int i = 0; i < 60; i++) {
            ObjectNode c = Recorded.inspect("app-healthy");
            c.put("Id", String.format("%064x", i)).put("Name", "/shop-app-" + i);
            docker.put(c);
        }

        DockerSource source = synced(docker);

        assertThat(source.current().all()).hasSize(60);
        // The events stream and a few inspections; not one connection per container. (Closes lag a little.)
        assertThat(docker.mostConnections()).isLessThan(30);
    }

    @Test
    void closingStopsTheThreadQuickly() throws Exception {
        FakeDockerApi docker = composeProject(DockerTransport.best());
        DockerSource source = DockerSource.start(new DockerConfig(docker.endpoint()), heard::add, clock, null,
                DockerTransport.best());
        assertThat(source.awaitSynced(Duration.ofSeconds(10))).isTrue();

        long started = System.nanoTime();
        source.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
        assertThat(source.current().connected()).isFalse();
        Poll.until("the events stream closed", () -> docker.openStreams() == 0);
    }

    private FakeDockerApi composeProject(DockerTransport transport) {
        FakeDockerApi docker = opened(new FakeDockerApi(dir, transport));
        for (String name : List.of("app-healthy", "worker-oom-killed", "api-restarting", "db-unhealthy", "proxy")) {
            docker.put(Recorded.inspect(name));
        }
        return docker;
    }

    private DockerSource synced(FakeDockerApi docker) throws InterruptedException {
        DockerSource source = start(docker.endpoint(), null, DockerTransport.best());
        assertThat(source.awaitSynced(Duration.ofSeconds(10))).isTrue();
        return source;
    }

    private DockerSource start(String endpoint, String hostname, DockerTransport transport) {
        return opened(DockerSource.start(new DockerConfig(endpoint), heard::add, clock, hostname, transport));
    }

    private <T extends AutoCloseable> T opened(T closeable) {
        open.push(closeable);
        return closeable;
    }

    private static Container app(DockerSource source) {
        return source.current().byId(Recorded.APP).orElseThrow();
    }

    private static Container worker(DockerSource source) {
        return source.current().byId(Recorded.WORKER).orElseThrow();
    }
}
