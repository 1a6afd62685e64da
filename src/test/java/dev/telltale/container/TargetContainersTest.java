package dev.telltale.container;

import dev.telltale.config.TargetAddress;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TargetContainersTest {

    private static List<String> names(Containers snapshot, String host, int port) {
        return TargetContainers.of(snapshot, new TargetAddress(host, port)).stream()
                .map(m -> m.container().name()).toList();
    }

    @Test
    void composeServiceNameNamesItsContainers() {
        Containers s = SampleContainers.snapshot(SampleContainers.app().build());

        assertThat(names(s, "app", 3000)).containsExactly("shop-app-1");
        assertThat(names(s, "APP", 3000)).containsExactly("shop-app-1");
    }

    @Test
    void containerNameShortIdAndNetworkAliasNameIt() {
        Container c = SampleContainers.app().service(null).name("web").network("n", "10.9.0.2", "frontend").build();
        Containers s = SampleContainers.snapshot(c);

        assertThat(names(s, "web", 80)).containsExactly("web");
        assertThat(names(s, "frontend", 80)).containsExactly("web");
        assertThat(names(s, c.shortId(), 80)).containsExactly("web");
        assertThat(names(s, "other", 80)).isEmpty();
    }

    @Test
    void theProxysOwnComposeProjectWinsWhenTwoProjectsHaveTheService() {
        Container proxy = SampleContainers.app().id("p".repeat(64)).name("shop-proxy-1").service("proxy").build();
        Container mine = SampleContainers.app().build();
        Container theirs = SampleContainers.app().id("f".repeat(64)).name("blog-app-1").project("blog").build();

        assertThat(names(SampleContainers.snapshotFrom(proxy.id(), proxy, mine, theirs), "app", 3000))
                .containsExactly("shop-app-1");
        // On the host there is no own project: both are named.
        assertThat(names(SampleContainers.snapshot(mine, theirs), "app", 3000))
                .containsExactlyInAnyOrder("shop-app-1", "blog-app-1");
    }

    @Test
    void aContainerAddressNamesIt() {
        Containers s = SampleContainers.snapshot(SampleContainers.app().build());

        assertThat(names(s, "172.18.0.3", 3000)).containsExactly("shop-app-1");
        assertThat(names(s, "172.18.0.4", 3000)).isEmpty();
    }

    @Test
    void aPortPublishedOnTheHostNamesItsContainerWhenTheProxyRunsOnTheHost() {
        Container app = SampleContainers.app().publish("0.0.0.0", 8081, 3000).build();
        Containers s = SampleContainers.snapshot(app);

        List<TargetContainers.Match> matches = TargetContainers.of(s, new TargetAddress("127.0.0.1", 8081));
        assertThat(matches).singleElement().satisfies(m -> {
            assertThat(m.via()).isEqualTo(TargetContainers.Via.PUBLISHED_PORT);
            assertThat(m.containerPort()).isEqualTo(3000);
        });
        assertThat(names(s, "localhost", 8081)).containsExactly("shop-app-1");
        assertThat(names(s, "127.0.0.1", 8082)).isEmpty();
    }

    @Test
    void aPortPublishedOnLoopbackOnlyStillMatchesLoopbackTargets() {
        Containers s = SampleContainers.snapshot(SampleContainers.app().publish("127.0.0.1", 8081, 3000).build());

        assertThat(names(s, "127.0.0.1", 8081)).containsExactly("shop-app-1");
    }

    @Test
    void loopbackInsideTheProxysContainerIsNotTheHost() {
        Container proxy = SampleContainers.app().id("p".repeat(64)).name("shop-proxy-1").service("proxy").build();
        Container app = SampleContainers.app().publish("0.0.0.0", 8081, 3000).build();
        Containers s = SampleContainers.snapshotFrom(proxy.id(), proxy, app);

        assertThat(names(s, "127.0.0.1", 8081)).isEmpty();
        assertThat(names(s, "host.docker.internal", 8081)).containsExactly("shop-app-1");
    }

    @Test
    void nothingIsConcludedWhileTheSourceIsAway() {
        Containers away = new Containers(false, List.of(SampleContainers.app().build()), null, SampleContainers.NOW);

        assertThat(names(away, "app", 3000)).isEmpty();
        assertThat(names(Containers.NONE, "app", 3000)).isEmpty();
    }
}
