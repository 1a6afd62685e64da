package dev.telltale.docker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telltale.container.Container;
import dev.telltale.container.ContainerStatus;
import dev.telltale.container.NetworkEndpoint;
import dev.telltale.container.PublishedPort;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code GET /containers/{id}/json} as recorded from a Compose project, read into a {@link Container}. */
class InspectionTest {

    @Test
    void aRunningHealthyComposeContainerIsReadWhole() {
        Inspection.Inspected inspected = Inspection.parse(Recorded.inspect("app-healthy"));
        Container app = inspected.container();

        assertThat(app.id()).isEqualTo(Recorded.APP);
        assertThat(app.name()).isEqualTo("shop-app-1");
        assertThat(app.image()).isEqualTo("shop:1.4");
        assertThat(app.composeProject()).isEqualTo("shop");
        assertThat(app.composeService()).isEqualTo("app");
        assertThat(app.status()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(app.exitCode()).isZero();
        assertThat(app.oomKilled()).isFalse();
        assertThat(app.startedAt()).isEqualTo(Instant.parse("2026-12-04T11:02:51.734416109Z"));
        assertThat(app.finishedAt()).isEqualTo(Instant.parse("2026-12-04T11:02:49.118203664Z"));
        assertThat(app.health()).isEqualTo("healthy");
        assertThat(app.healthOutput()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(app.networks()).containsExactly(new NetworkEndpoint("shop_default", "172.18.0.3",
                List.of("shop-app-1", "app", "4f9c2b1a7d3e")));
        assertThat(app.published()).containsExactly(new PublishedPort("0.0.0.0", 8081, 8000),
                new PublishedPort("::", 8081, 8000));
        assertThat(app.exposedPorts()).containsExactly(8000);
        assertThat(app.restarts()).isEmpty();
        assertThat(app.events()).isEmpty();
        assertThat(app.restartPolicy()).isEqualTo("unless-stopped");
        assertThat(inspected.hostname()).isEqualTo("4f9c2b1a7d3e");
    }

    @Test
    void aStoppedContainerIsStillFoundBehindThePortItWasCreatedToPublish() {
        // Docker empties NetworkSettings.Ports when a container stops; HostConfig keeps the binding.
        ObjectNode stopped = Recorded.withState(Recorded.inspect("app-healthy"), "exited", 0, false,
                Instant.parse("2026-12-04T11:02:51Z"), Instant.parse("2026-12-04T12:00:00Z"));
        ((ObjectNode) stopped.get("NetworkSettings")).putObject("Ports");

        assertThat(Inspection.parse(stopped).container().published()).containsExactly(new PublishedPort("", 8081, 8000));
    }

    @Test
    void anOomKilledContainerHasItsExitCodeAndNoAddressWhileDown() {
        Container worker = Inspection.parse(Recorded.inspect("worker-oom-killed")).container();

        assertThat(worker.status()).isEqualTo(ContainerStatus.EXITED);
        assertThat(worker.exitCode()).isEqualTo(137);
        assertThat(worker.oomKilled()).isTrue();
        assertThat(worker.finishedAt()).isEqualTo(Instant.parse("2026-12-04T11:57:40.903120458Z"));
        assertThat(worker.health()).isNull();
        assertThat(worker.networks()).singleElement().satisfies(n -> assertThat(n.ip()).isNull());
        assertThat(worker.exposedPorts()).isEmpty();
        assertThat(worker.published()).isEmpty();
    }

    @Test
    void aRestartingContainerKeepsDockersRestartCount() {
        Container api = Inspection.parse(Recorded.inspect("api-restarting")).container();

        assertThat(api.status()).isEqualTo(ContainerStatus.RESTARTING);
        assertThat(api.exitCode()).isEqualTo(1);
        assertThat(api.restartCount()).isEqualTo(4);
        assertThat(api.health()).isEqualTo("starting");
        assertThat(api.healthOutput()).isNull();
        assertThat(api.exposedPorts()).containsExactly(3000, 9229);
    }

    @Test
    void anUnhealthyContainerCarriesItsLastHealthOutputAndDockersZeroTimeIsNull() {
        Container db = Inspection.parse(Recorded.inspect("db-unhealthy")).container();

        assertThat(db.health()).isEqualTo("unhealthy");
        assertThat(db.healthOutput()).isEqualTo("/var/run/postgresql:5432 - no response\n");
        assertThat(db.finishedAt()).isNull();
        // The UDP port is of no use to a proxy.
        assertThat(db.published()).containsExactly(new PublishedPort("127.0.0.1", 5432, 5432));
    }

    @Test
    void aContainerOnTwoNetworksHasBothAndOldAnswersWithoutDnsNamesStillGiveAliases() {
        ObjectNode proxy = Recorded.inspect("proxy");
        ((ObjectNode) proxy.at("/NetworkSettings/Networks/edge")).remove("DNSNames");

        Inspection.Inspected inspected = Inspection.parse(proxy);

        assertThat(inspected.container().networkNames()).containsExactly("shop_default", "edge");
        assertThat(inspected.container().networks().get(1).aliases()).containsExactly("shop-proxy-1", "proxy");
        assertThat(inspected.hostname()).isEqualTo("edge");
    }

    @Test
    void missingOptionalPartsAreEmptyNotErrors() {
        ObjectNode bare = Recorded.inspect("app-healthy");
        bare.remove("Config");
        bare.remove("NetworkSettings");
        bare.remove("HostConfig");
        bare.remove("RestartCount");
        ((ObjectNode) bare.get("State")).remove("Health");

        Container app = Inspection.parse(bare).container();

        assertThat(app.image()).isNull();
        assertThat(app.composeService()).isNull();
        assertThat(app.networks()).isEmpty();
        assertThat(app.published()).isEmpty();
        assertThat(app.health()).isNull();
        assertThat(app.restartCount()).isZero();
    }

    @Test
    void malformedAnswersAreBadAnswersNamingTheField() {
        assertThatThrownBy(() -> Inspection.parse(Json.parse("[]"))).isInstanceOf(BadAnswer.class)
                .hasMessage("not a JSON object");
        assertThatThrownBy(() -> Inspection.parse(without(Recorded.inspect("app-healthy"), "Id")))
                .hasMessage("no Id");
        assertThatThrownBy(() -> Inspection.parse(without(Recorded.inspect("app-healthy"), "State")))
                .hasMessage("no State");

        ObjectNode unknownStatus = Recorded.inspect("app-healthy");
        ((ObjectNode) unknownStatus.get("State")).put("Status", "hibernating");
        assertThatThrownBy(() -> Inspection.parse(unknownStatus)).hasMessage("State.Status \"hibernating\" unknown");

        ObjectNode textExitCode = Recorded.inspect("app-healthy");
        ((ObjectNode) textExitCode.get("State")).put("ExitCode", "137");
        assertThatThrownBy(() -> Inspection.parse(textExitCode)).hasMessage("ExitCode is \"137\", not a whole number");

        ObjectNode badTime = Recorded.inspect("app-healthy");
        ((ObjectNode) badTime.get("State")).put("StartedAt", "yesterday");
        assertThatThrownBy(() -> Inspection.parse(badTime)).hasMessage("StartedAt \"yesterday\" is no time");

        ObjectNode badPorts = Recorded.inspect("app-healthy");
        ((ObjectNode) badPorts.at("/NetworkSettings/Ports")).put("8000/tcp", "8081");
        assertThatThrownBy(() -> Inspection.parse(badPorts)).isInstanceOf(BadAnswer.class)
                .hasMessageContaining("not a list");

        ObjectNode badHostPort = Recorded.inspect("app-healthy");
        ((ObjectNode) badHostPort.at("/NetworkSettings/Ports/8000~1tcp/0")).put("HostPort", "http");
        assertThatThrownBy(() -> Inspection.parse(badHostPort)).hasMessage("HostPort \"http\" is no number");

        ObjectNode networksAsList = Recorded.inspect("app-healthy");
        ((ObjectNode) networksAsList.get("NetworkSettings")).putArray("Networks");
        assertThatThrownBy(() -> Inspection.parse(networksAsList)).hasMessageContaining("not an object");
    }

    @Test
    void nonJsonIsABadAnswer() {
        assertThatThrownBy(() -> Json.parse("{\"Id\": \"4f9c".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BadAnswer.class).hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> Json.parse(new byte[0])).isInstanceOf(BadAnswer.class);
    }

    private static ObjectNode without(ObjectNode node, String field) {
        node.remove(field);
        return node;
    }
}
