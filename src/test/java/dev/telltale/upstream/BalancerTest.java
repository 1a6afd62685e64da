package dev.telltale.upstream;

import dev.telltale.config.TargetAddress;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class BalancerTest {

    private final Target a = new Target(new TargetAddress("a", 1));
    private final Target b = new Target(new TargetAddress("b", 1));
    private final Target c = new Target(new TargetAddress("c", 1));
    private final List<Target> targets = List.of(a, b, c);

    @Test
    void roundRobinVisitsEveryTargetInTurn() {
        Balancer balancer = new Balancer.RoundRobin();
        Map<Target, Integer> counts = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            counts.merge(balancer.pick(targets, Set.of()), 1, Integer::sum);
        }
        assertThat(counts).containsEntry(a, 10).containsEntry(b, 10).containsEntry(c, 10);
    }

    @Test
    void triedTargetsAreSkippedWhileAnotherRemains() {
        Balancer balancer = new Balancer.RoundRobin();
        for (int i = 0; i < 6; i++) {
            assertThat(balancer.pick(targets, Set.of(a, b))).isEqualTo(c);
        }
        assertThat(balancer.pick(targets, Set.of(a, b, c))).isIn(a, b, c);
    }

    @Test
    void leastRequestPrefersTheTargetWithFewestInFlight() {
        a.requestStarted();
        a.requestStarted();
        c.requestStarted();
        Balancer balancer = new Balancer.LeastRequest();
        for (int i = 0; i < 5; i++) {
            assertThat(balancer.pick(targets, Set.of())).isEqualTo(b);
        }
        assertThat(balancer.pick(targets, Set.of(b))).isEqualTo(c);
    }

    @Test
    void connectionCapIsEnforcedAcrossCallers() {
        assertThat(a.tryReserveConnection(2)).isTrue();
        assertThat(a.tryReserveConnection(2)).isTrue();
        assertThat(a.tryReserveConnection(2)).isFalse();
        a.connectionClosed();
        assertThat(a.tryReserveConnection(2)).isTrue();
    }
}
