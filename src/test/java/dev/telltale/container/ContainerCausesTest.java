package dev.telltale.container;

import dev.telltale.config.TargetAddress;
import dev.telltale.failure.Failure;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.telltale.container.SampleContainers.NOW;
import static org.assertj.core.api.Assertions.assertThat;

class ContainerCausesTest {

    private static final TargetAddress APP = new TargetAddress("app", 3000);

    private static ContainerFacts facts(Container c, Failure failure) {
        return ContainerCauses.forFailure(SampleContainers.snapshot(c), APP, failure, NOW);
    }

    private static ContainerFacts facts(Container c) {
        return facts(c, Failure.DNS_TIMEOUT);
    }

    @Test
    void anOomKillIsTheCauseWithItsExitCodeAndAge() {
        ContainerFacts f = facts(SampleContainers.app().oomKilled(4).build());

        assertThat(f.state()).isEqualTo("exited");
        assertThat(f.exitCode()).isEqualTo(137);
        assertThat(f.oomKilled()).isTrue();
        assertThat(f.since()).isEqualTo(NOW.minusSeconds(4));
        assertThat(f.cause().full())
                .isEqualTo("The app container `shop-app-1` was OOM-killed (exit 137) 4 s before this request.");
        assertThat(f.cause().safe()).isEqualTo(
                "The application's container was killed for running out of memory 4 s before this request.");
        assertThat(f.cause().comingBack()).isFalse();
    }

    @Test
    void aStoppedContainerHasNoHealthThoughDockerKeepsItsLast() {
        assertThat(facts(SampleContainers.app().health("unhealthy").exited(137, 3, true).build()).health()).isNull();
        assertThat(facts(SampleContainers.app().health("unhealthy").build()).health()).isEqualTo("unhealthy");
    }

    @Test
    void aStopIsToldFromACrash() {
        assertThat(facts(SampleContainers.app().exited(0, 12, true).build()).cause().full())
                .isEqualTo("The app container `shop-app-1` was stopped 12 s before this request (exit 0).");
        assertThat(facts(SampleContainers.app().exited(1, 180, false).build()).cause().full())
                .isEqualTo("The app container `shop-app-1` exited with code 1 3 min before this request.");
        assertThat(facts(SampleContainers.app().exited(0, 12, true).build()).cause().safe())
                .isEqualTo("The application's container was stopped 12 s before this request.");
    }

    @Test
    void aCrashLoopCountsItsRestartsAndWillComeBack() {
        ContainerFacts f = facts(SampleContainers.app().restarting(1, 2, 2).build());

        assertThat(f.state()).isEqualTo("restarting");
        assertThat(f.restarts15m()).isEqualTo(2);
        assertThat(f.cause().full()).isEqualTo("The app container `shop-app-1` exited with code 1 2 s before this "
                + "request; Docker is restarting it (3rd restart in 15 min).");
        assertThat(f.cause().comingBack()).isTrue();
        assertThat(facts(SampleContainers.app().restarting(137, 2, 0).oomKilled(2)
                .status(ContainerStatus.RESTARTING).build()).cause().full())
                .startsWith("The app container `shop-app-1` was OOM-killed (exit 137) 2 s before this request; "
                        + "Docker is restarting it");
    }

    @Test
    void anExitTheRestartPolicyCoversIsComingBackThoughDockerStillSaysExited() {
        ContainerFacts f = facts(SampleContainers.app().exited(1, 0, false).restartPolicy("on-failure").build());

        assertThat(f.state()).isEqualTo("exited");
        assertThat(f.cause().full()).endsWith("Docker will restart it (restart policy on-failure).");
        assertThat(f.cause().safe()).endsWith("It is being restarted.");
        assertThat(f.cause().comingBack()).isTrue();
        assertThat(facts(SampleContainers.app().oomKilled(0).restartPolicy("always").build()).cause().comingBack())
                .isTrue();
    }

    @Test
    void noRestartIsDueWhenThePolicyDoesNotCoverTheExitOrSomeoneStoppedIt() {
        assertThat(SampleContainers.app().exited(0, 1, false).restartPolicy("on-failure").build().willRestart())
                .as("on-failure and exit 0").isFalse();
        assertThat(SampleContainers.app().restarting(1, 1, 3).status(ContainerStatus.EXITED)
                .restartPolicy("on-failure:3").build().willRestart()).as("retries used up").isFalse();
        assertThat(SampleContainers.app().restarting(1, 1, 2).status(ContainerStatus.EXITED)
                .restartPolicy("on-failure:3").build().willRestart()).isTrue();
        assertThat(SampleContainers.app().exited(0, 1, true).restartPolicy("unless-stopped").build().willRestart())
                .as("stopped by someone").isFalse();
        assertThat(SampleContainers.app().exited(1, 1, false).restartPolicy("no").build().willRestart()).isFalse();
        assertThat(facts(SampleContainers.app().exited(0, 4, true).restartPolicy("always").build()).cause()
                .comingBack()).isFalse();
    }

    @Test
    void aContainerThatJustStartedMayNotAnswerYetWhateverTheConnectFailure() {
        for (Failure failure : List.of(Failure.CONNECTION_REFUSED, Failure.DNS_TIMEOUT, Failure.DNS_ERROR,
                Failure.CONNECTION_TIMEOUT)) {
            ContainerFacts.Cause cause = facts(SampleContainers.app().startedSecondsAgo(1).build(), failure).cause();
            assertThat(cause.full()).isEqualTo("The app container `shop-app-1` started 1 s ago and may not listen yet.");
            assertThat(cause.comingBack()).isTrue();
        }
        assertThat(facts(SampleContainers.app().startedSecondsAgo(1).build(), Failure.HTTP_RESPONSE_TIMEOUT).cause())
                .isNull();
    }

    @Test
    void pausedGoneDeadAndCreatedEachSayWhat() {
        assertThat(facts(SampleContainers.app().status(ContainerStatus.PAUSED).build()).cause().full())
                .contains("is paused").contains("docker unpause shop-app-1");
        assertThat(facts(SampleContainers.app().status(ContainerStatus.GONE).build()).cause().full())
                .isEqualTo("The app container `shop-app-1` was removed 4 s before this request.");
        assertThat(facts(SampleContainers.app().status(ContainerStatus.DEAD).build()).cause().full())
                .contains("is dead");
        assertThat(facts(SampleContainers.app().status(ContainerStatus.CREATED).build()).cause().full())
                .contains("has not been started");
    }

    @Test
    void healthStartingIsStillStarting() {
        ContainerFacts f = facts(SampleContainers.app().health("starting").startedSecondsAgo(3).build(),
                Failure.CONNECTION_REFUSED);

        assertThat(f.cause().full()).isEqualTo("The app container `shop-app-1` is still starting: it started 3 s ago "
                + "and its health check has not passed yet.");
        assertThat(f.cause().comingBack()).isTrue();
    }

    @Test
    void healthyInsideButRefusedFromTheNetworkIsALoopbackBinding() {
        ContainerFacts f = facts(SampleContainers.app().health("healthy").build(), Failure.CONNECTION_REFUSED);

        assertThat(f.cause().full()).startsWith("The app answers inside its container but not from the network")
                .contains("most likely bound to 127.0.0.1");
        assertThat(f.cause().safe()).contains("listens on 127.0.0.1 only").doesNotContain("shop-app-1");
    }

    @Test
    void throughAPublishedPortAConnectionClosedAtOnceIsALoopbackBindingToo() {
        Container app = SampleContainers.app().health("healthy").publish("0.0.0.0", 8081, 3000).build();
        ContainerFacts f = ContainerCauses.forFailure(SampleContainers.snapshot(app),
                new TargetAddress("127.0.0.1", 8081), Failure.HTTP_RESPONSE_INCOMPLETE, NOW);

        assertThat(f.cause().full()).contains("closed at once").contains("port 3000").contains("bound to 127.0.0.1");
    }

    @Test
    void aPortTheImageDoesNotExposeIsNamed() {
        ContainerFacts f = facts(SampleContainers.app().exposed(8000).build(), Failure.CONNECTION_REFUSED);

        assertThat(f.cause().full()).isEqualTo("Nothing listens on 3000 in the app container `shop-app-1`; "
                + "the image exposes 8000.");
        assertThat(f.cause().safe()).doesNotContain("3000").doesNotContain("8000");
        assertThat(facts(SampleContainers.app().exposed(3000).build(), Failure.CONNECTION_REFUSED).cause()).isNull();
    }

    @Test
    void aProxyContainerOnAnotherNetworkIsTold() {
        Container proxy = SampleContainers.app().id("p".repeat(64)).name("edge-proxy-1").service("proxy")
                .network("edge_default", "172.19.0.2", "proxy").build();
        Container app = SampleContainers.app().build();
        ContainerFacts f = ContainerCauses.forFailure(SampleContainers.snapshotFrom(proxy.id(), proxy, app), APP,
                Failure.DNS_ERROR, NOW);

        assertThat(f.cause().full()).isEqualTo("The proxy's container `edge-proxy-1` (networks edge_default) shares no "
                + "network with the app container `shop-app-1` (networks shop_default): connect both to one network.");
        assertThat(f.cause().safe()).isEqualTo("The proxy and the application's container share no network.");
    }

    @Test
    void aFailingHealthCheckKeepsItsOutputForFullDetailOnly() {
        ContainerFacts f = facts(SampleContainers.app().health("unhealthy").healthOutput("curl: (7) <refused>\n")
                .build(), Failure.HTTP_RESPONSE_TIMEOUT);

        assertThat(f.cause().full()).isEqualTo("The app container `shop-app-1` is running but fails its health check: "
                + "curl: (7) <refused>");
        assertThat(f.healthOutput()).isEqualTo("curl: (7) <refused>");
        assertThat(f.cause().safe()).doesNotContain("curl");
    }

    @Test
    void aRunningHealthyContainerThatTimesOutExplainsNothing() {
        ContainerFacts f = facts(SampleContainers.app().health("healthy").build(), Failure.HTTP_RESPONSE_TIMEOUT);

        assertThat(f.state()).isEqualTo("running");
        assertThat(f.cause()).isNull();
    }

    @Test
    void safeWordsNeverNameTheContainerImageOrAddress() {
        List<Container> all = List.of(SampleContainers.app().oomKilled(4).build(),
                SampleContainers.app().exited(0, 4, true).build(), SampleContainers.app().restarting(1, 4, 3).build(),
                SampleContainers.app().status(ContainerStatus.PAUSED).build(),
                SampleContainers.app().health("starting").build(),
                SampleContainers.app().health("unhealthy").healthOutput("secret-host:5432 down").build());
        for (Container c : all) {
            ContainerFacts.Cause cause = facts(c, Failure.CONNECTION_REFUSED).cause();
            assertThat(cause.safe() + " " + cause.shortSafe()).doesNotContain("shop-app-1").doesNotContain("shop:1.4")
                    .doesNotContain("172.18").doesNotContain("secret-host");
        }
    }

    @Test
    void knownDownOnlyWhenEveryTargetsContainersCannotAnswer() {
        Container down = SampleContainers.app().exited(0, 4, true).build();
        Container up = SampleContainers.app().id("b".repeat(64)).name("shop-app-2").build();
        List<TargetAddress> one = List.of(APP);

        assertThat(ContainerCauses.knownDown(SampleContainers.snapshot(down), one, NOW)).isNotNull();
        assertThat(ContainerCauses.knownDown(SampleContainers.snapshot(down, up), one, NOW)).isNull();
        assertThat(ContainerCauses.knownDown(SampleContainers.snapshot(down),
                List.of(APP, new TargetAddress("10.1.1.1", 3000)), NOW)).as("a target Docker does not know").isNull();
        assertThat(ContainerCauses.knownDown(SampleContainers.snapshot(SampleContainers.app().health("starting")
                .build()), one, NOW).cause().comingBack()).isTrue();
        assertThat(ContainerCauses.knownDown(SampleContainers.snapshot(SampleContainers.app().health("unhealthy")
                .build()), one, NOW)).as("unhealthy may still answer").isNull();
    }

    @Test
    void aContainerAskedToStopIsStoppingForDockersStopTimeoutThenServesAgainIfItIgnoredIt() {
        Container asked = SampleContainers.app().stopAsked("15", 2).build();
        List<TargetAddress> one = List.of(APP);

        ContainerFacts stopping = ContainerCauses.knownDown(SampleContainers.snapshot(asked), one, NOW);
        assertThat(stopping.state()).isEqualTo("running");
        assertThat(stopping.cause().full()).isEqualTo("The app container `shop-app-1` is stopping: Docker asked it"
                + " to stop (signal 15) 2 s before this request, and new requests are not sent to it.");
        assertThat(stopping.cause().safe()).isEqualTo("The application's container is stopping.");
        assertThat(ContainerCauses.knownDown(SampleContainers.snapshot(asked), one, NOW.plusSeconds(7))).isNotNull();
        assertThat(ContainerCauses.knownDown(SampleContainers.snapshot(asked), one, NOW.plusSeconds(8)))
                .as("still running 10 s after the signal, Docker's stop timeout: it ignored it and still serves")
                .isNull();
    }

    @Test
    void ordinalsReadAsWords() {
        assertThat(List.of(1, 2, 3, 4, 11, 12, 13, 21, 22, 103).stream().map(CauseWords::ordinal))
                .containsExactly("1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "103rd");
    }
}
