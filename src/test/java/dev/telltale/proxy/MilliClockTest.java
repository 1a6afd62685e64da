package dev.telltale.proxy;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class MilliClockTest {

    @Test
    void itIsTheWallClockToTheMillisecondAndOneInstantServesAMillisecond() {
        for (int i = 0; i < 10_000; i++) {
            long before = System.currentTimeMillis();
            Instant first = MilliClock.now();
            Instant second = MilliClock.now();
            long after = System.currentTimeMillis();
            assertThat(first.toEpochMilli()).isBetween(before, after);
            assertThat(first.getNano() % 1_000_000).isZero();
            assertThat(second).isAfterOrEqualTo(first);
            if (second.toEpochMilli() == first.toEpochMilli()) {
                assertThat(second).isSameAs(first);
            }
        }
    }
}
