package dev.telltale.upstream;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Learning a target's idle limit from its closes, and not from a restart's. */
class IdleClosesTest {

    private static final long MS = 1_000_000L;
    private static final long T0 = 1_000_000_000_000L;

    private final IdleCloses closes = new IdleCloses();
    private final List<Long> told = new ArrayList<>();

    IdleClosesTest() {
        closes.whenLearnt(told::add);
    }

    @Test
    void oneCloseCountsAtOnceAndIsToldOfOnceItsWindowHasPassed() {
        assertThat(closes.limitNanos(T0)).isEqualTo(IdleCloses.NONE);

        closes.closedWhileIdle(1_000 * MS, T0);

        assertThat(closes.limitNanos(T0 + MS)).isEqualTo(1_000 * MS);
        assertThat(told).isEmpty();
        assertThat(closes.limitNanos(T0 + 60 * MS)).isEqualTo(1_000 * MS);
        assertThat(told).containsExactly(1_000 * MS);
    }

    @Test
    void aRestartClosingConnectionsOfDifferentAgesTeachesNothing() {
        closes.closedWhileIdle(300 * MS, T0);
        closes.closedWhileIdle(4_000 * MS, T0 + 2 * MS);
        closes.closedWhileIdle(700 * MS, T0 + 30 * MS); // still the same burst

        assertThat(closes.limitNanos(T0 + 500 * MS)).isEqualTo(IdleCloses.NONE);
        assertThat(told).isEmpty();
    }

    @Test
    void connectionsThatWentIdleTogetherAndClosedTogetherAgree() {
        closes.closedWhileIdle(1_002 * MS, T0);
        closes.closedWhileIdle(1_000 * MS, T0 + MS);

        assertThat(closes.limitNanos(T0 + 100 * MS)).isEqualTo(1_000 * MS);
        assertThat(told).containsExactly(1_000 * MS);
    }

    @Test
    void aLimitALittleLowerIsKeptButNotToldOfAgain() {
        closes.closedWhileIdle(1_000 * MS, T0);
        closes.limitNanos(T0 + 100 * MS);
        closes.closedWhileIdle(990 * MS, T0 + 5_000 * MS);
        closes.limitNanos(T0 + 5_100 * MS);
        closes.closedWhileIdle(400 * MS, T0 + 9_000 * MS);

        assertThat(closes.limitNanos(T0 + 9_100 * MS)).isEqualTo(400 * MS);
        assertThat(told).containsExactly(1_000 * MS, 400 * MS);
    }

    @Test
    void theMarginIsAQuarterOfTheLimitUpToOneSecond() {
        assertThat(IdleCloses.keep(1_000 * MS)).isEqualTo(750 * MS);
        assertThat(IdleCloses.keep(200 * MS)).isEqualTo(150 * MS);
        assertThat(IdleCloses.keep(60_000 * MS)).isEqualTo(59_000 * MS);
        assertThat(IdleCloses.keep(IdleCloses.NONE)).isEqualTo(IdleCloses.NONE);
    }
}
