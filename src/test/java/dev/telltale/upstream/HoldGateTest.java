package dev.telltale.upstream;

import dev.telltale.config.Balance;
import dev.telltale.config.PoolConfig;
import dev.telltale.config.TargetAddress;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.config.UpstreamTlsConfig;
import dev.telltale.failure.Failure;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The hold's gate: a cap on waiting requests, and a target back in rotation waking them. */
class HoldGateTest {

    private final Upstream upstream = new Upstream(new UpstreamConfig("app",
            List.of(new TargetAddress("127.0.0.1", 3000), new TargetAddress("127.0.0.1", 3001)), Balance.ROUND_ROBIN,
            UpstreamTlsConfig.DISABLED, new PoolConfig(8, Duration.ofSeconds(50)), null, null));

    @Test
    void placesAreCappedAndGivenBack() {
        HoldGate gate = upstream.hold();
        assertThat(gate.tryEnter(2)).isTrue();
        assertThat(gate.tryEnter(2)).isTrue();
        assertThat(gate.tryEnter(2)).isFalse();
        assertThat(gate.held()).isEqualTo(2);
        assertThat(gate.refused()).isEqualTo(1);
        gate.leave();
        assertThat(gate.tryEnter(2)).isTrue();
    }

    @Test
    void aTargetComingBackUpWakesEveryParkedRequestAndOnlyThose() {
        AtomicInteger woken = new AtomicInteger();
        HoldGate.Waiter parked = woken::incrementAndGet;
        HoldGate.Waiter left = () -> woken.addAndGet(100);
        upstream.hold().park(parked);
        upstream.hold().park(left);
        upstream.hold().unpark(left);

        Target target = upstream.targets().get(1);
        TargetDown down = new TargetDown(Failure.CONNECTION_REFUSED, "refused", Instant.now(), "health check",
                Long.MAX_VALUE);
        assertThat(target.transition(null, down)).isTrue();
        assertThat(woken).as("going down wakes nobody").hasValue(0);
        assertThat(target.transition(down, null)).isTrue();
        assertThat(woken).hasValue(1);
    }
}
