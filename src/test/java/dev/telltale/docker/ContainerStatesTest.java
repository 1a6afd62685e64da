package dev.telltale.docker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telltale.container.Container;
import dev.telltale.container.ContainerEvent;
import dev.telltale.container.ContainerStatus;
import dev.telltale.container.Containers;
import dev.telltale.container.PublishedPort;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The state kept per container: events applied at once, inspections merged without losing history. */
class ContainerStatesTest {

    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");

    private final TestClock clock = new TestClock(T0);
    private final ContainerStates states = new ContainerStates(clock, null);

    @Test
    void dieOomAndStartChangeTheStateAtOnceAndCountTheRestartInTheWindow() {
        states.inspected(Inspection.parse(Recorded.inspect("app-healthy")));

        states.apply(event("oom", 0, null, null));
        states.apply(event("die", 1, 137, null));
        Container died = app();
        assertThat(died.status()).isEqualTo(ContainerStatus.EXITED);
        assertThat(died.exitCode()).isEqualTo(137);
        assertThat(died.oomKilled()).isTrue();
        assertThat(died.finishedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(died.stopRequested()).isFalse();

        states.apply(event("start", 3, null, null));
        Container started = app();
        assertThat(started.status()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(started.startedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(started.health()).isEqualTo("starting");
        assertThat(started.restarts()).containsExactly(T0.plusSeconds(3));
        assertThat(started.restartsWithin(Container.RESTART_WINDOW, clock.instant())).isEqualTo(1);
        assertThat(started.events()).extracting(ContainerEvent::action).containsExactly("oom", "die", "start");

        clock.advance(Duration.ofMinutes(16));
        assertThat(states.prune()).isTrue();
        assertThat(app().restarts()).isEmpty();
    }

    @Test
    void theFirstStartOfANewContainerIsNoRestart() {
        ContainerEvent start = new ContainerEvent(T0, "new1", "shop-web-1", "web", "start", null, null, null);

        assertThat(states.apply(start)).isTrue();

        Container web = states.snapshot(true).byId("new1").orElseThrow();
        assertThat(web.status()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(web.composeService()).isEqualTo("web");
        assertThat(web.restarts()).isEmpty();
    }

    @Test
    void aContainerCreatedAndNotStartedIsKnownAtOnceAndInspected() {
        ContainerEvent create = new ContainerEvent(T0, "new2", "shop-web-1", "web", "create", null, null, null);

        assertThat(states.apply(create)).as("asks for an inspection").isTrue();
        assertThat(states.snapshot(true).byId("new2").orElseThrow().status()).isEqualTo(ContainerStatus.CREATED);
    }

    @Test
    void inspectionCorrectsTheStateButKeepsTheHistoryOnlyEventsKnow() {
        states.inspected(Inspection.parse(Recorded.inspect("app-healthy")));
        states.apply(event("kill", 0, null, "15"));
        states.apply(event("die", 1, 0, null));
        states.apply(event("stop", 1, null, null));

        ObjectNode exited = Recorded.withState(Recorded.inspect("app-healthy"), "exited", 143, false,
                Instant.parse("2026-12-04T11:02:51.734416109Z"), T0.plusMillis(900));
        states.inspected(Inspection.parse(exited));

        Container app = app();
        assertThat(app.exitCode()).isEqualTo(143);
        assertThat(app.finishedAt()).isEqualTo(T0.plusMillis(900));
        assertThat(app.stopRequested()).isTrue();
        assertThat(app.events()).extracting(ContainerEvent::action).containsExactly("kill", "die", "stop");
    }

    @Test
    void aPortDockerChoseAtRandomIsKeptOnceTheContainerStops() {
        states.inspected(Inspection.parse(Recorded.inspect("app-healthy")));
        ObjectNode stopped = Recorded.withState(Recorded.inspect("app-healthy"), "exited", 0, false,
                Instant.parse("2026-12-04T11:02:51.734416109Z"), T0);
        ((ObjectNode) stopped.get("NetworkSettings")).putObject("Ports");
        ((ObjectNode) stopped.get("HostConfig")).putObject("PortBindings").putArray("8000/tcp").addObject()
                .put("HostIp", "").put("HostPort", "");

        states.inspected(Inspection.parse(stopped));

        assertThat(app().status()).isEqualTo(ContainerStatus.EXITED);
        assertThat(app().published()).extracting(PublishedPort::hostPort).containsOnly(8081);
    }

    @Test
    void aStartNoEventToldOfIsARestartFoundByInspection() {
        states.inspected(Inspection.parse(Recorded.inspect("app-healthy")));
        Instant startedAgain = T0.minusSeconds(30);

        states.inspected(Inspection.parse(Recorded.withState(Recorded.inspect("app-healthy"), "running", 0, false,
                startedAgain, startedAgain.minusSeconds(2))));

        assertThat(app().restarts()).containsExactly(startedAgain);
    }

    @Test
    void anInspectionThatSawTheStartBeforeItsEventCountsTheRestartOnce() {
        states.inspected(Inspection.parse(Recorded.inspect("app-healthy")));
        states.apply(event("die", 1, 137, null));
        Instant startedAt = T0.plusSeconds(3);

        // The inspection the die asked for answers after the container has already started again.
        states.inspected(Inspection.parse(Recorded.withState(Recorded.inspect("app-healthy"), "running", 0, false,
                startedAt, T0.plusSeconds(1))));
        states.apply(event("start", 3, null, null));

        assertThat(app().status()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(app().restarts()).containsExactly(startedAt);
        assertThat(app().events()).extracting(ContainerEvent::action).containsExactly("die", "start");
    }

    @Test
    void aSignalThatDoesNotStopTheAppIsNoStopRequest() {
        states.inspected(Inspection.parse(Recorded.inspect("app-healthy")));

        states.apply(event("kill", 0, null, "1"));
        assertThat(app().stopRequested()).isFalse();
        states.apply(event("kill", 0, null, "9"));
        assertThat(app().stopRequested()).isTrue();
    }

    @Test
    void destroyLeavesATombstoneForFifteenMinutesAndLateAnswersDoNotRaiseIt() {
        states.inspected(Inspection.parse(Recorded.inspect("app-healthy")));

        assertThat(states.apply(event("destroy", 0, null, null))).isFalse();
        states.inspected(Inspection.parse(Recorded.inspect("app-healthy")));
        assertThat(app().status()).isEqualTo(ContainerStatus.GONE);
        assertThat(app().removedAt()).isEqualTo(T0);
        assertThat(app().since()).isEqualTo(T0);

        clock.advance(Duration.ofMinutes(14));
        assertThat(states.snapshot(true).byId(Recorded.APP)).isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(states.snapshot(true).byId(Recorded.APP)).isEmpty();
    }

    @Test
    void aContainerMissingFromANewListWasRemovedMeanwhile() {
        states.inspected(Inspection.parse(Recorded.inspect("app-healthy")));
        states.inspected(Inspection.parse(Recorded.inspect("db-unhealthy")));

        states.listed(List.of(Recorded.DB));

        assertThat(app().status()).isEqualTo(ContainerStatus.GONE);
        assertThat(states.snapshot(true).byId(Recorded.DB).orElseThrow().status()).isEqualTo(ContainerStatus.RUNNING);
    }

    @Test
    void onlyTheLastTwentyEventsAreKept() {
        states.inspected(Inspection.parse(Recorded.inspect("app-healthy")));
        for (int i = 0; i < 30; i++) {
            states.apply(event(i % 2 == 0 ? "pause" : "unpause", i, null, null));
        }

        assertThat(app().events()).hasSize(ContainerStates.EVENTS_KEPT);
        assertThat(app().events().get(0).ts()).isEqualTo(T0.plusSeconds(10));
        assertThat(app().status()).isEqualTo(ContainerStatus.RUNNING);
    }

    @Test
    void theProxysOwnContainerIsFoundByItsShortIdOrItsHostName() {
        ContainerStates byId = new ContainerStates(clock, Recorded.APP.substring(0, 12));
        byId.inspected(Inspection.parse(Recorded.inspect("app-healthy")));
        byId.inspected(Inspection.parse(Recorded.inspect("proxy")));
        assertThat(byId.snapshot(true).selfId()).isEqualTo(Recorded.APP);

        ContainerStates byHostname = new ContainerStates(clock, "edge");
        byHostname.inspected(Inspection.parse(Recorded.inspect("app-healthy")));
        byHostname.inspected(Inspection.parse(Recorded.inspect("proxy")));
        Containers snapshot = byHostname.snapshot(true);
        assertThat(snapshot.selfId()).isEqualTo(Recorded.PROXY);
        assertThat(snapshot.self().orElseThrow().name()).isEqualTo("shop-proxy-1");

        ContainerStates onTheHost = new ContainerStates(clock, "build-server");
        onTheHost.inspected(Inspection.parse(Recorded.inspect("app-healthy")));
        assertThat(onTheHost.snapshot(true).selfId()).isNull();
    }

    private Container app() {
        return states.snapshot(true).byId(Recorded.APP).orElseThrow();
    }

    private static ContainerEvent event(String action, int second, Integer exitCode, String signal) {
        return new ContainerEvent(T0.plusSeconds(second), Recorded.APP, "shop-app-1", "app", action, exitCode, null,
                signal);
    }
}
