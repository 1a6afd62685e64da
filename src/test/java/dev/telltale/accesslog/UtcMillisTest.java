package dev.telltale.accesslog;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class UtcMillisTest {

    private static final DateTimeFormatter REFERENCE = new DateTimeFormatterBuilder().appendInstant(3).toFormatter();

    @Test
    void alwaysThreeFractionDigits() {
        assertThat(UtcMillis.format(Instant.parse("2026-11-23T14:02:11Z"))).isEqualTo("2026-11-23T14:02:11.000Z");
        assertThat(UtcMillis.format(Instant.parse("2026-11-23T14:02:11.5Z"))).isEqualTo("2026-11-23T14:02:11.500Z");
        assertThat(UtcMillis.format(Instant.parse("2026-11-23T14:02:11.042999999Z")))
                .isEqualTo("2026-11-23T14:02:11.042Z");
    }

    /** Random times, and runs within one second, so both the kept and the new second are exercised. */
    @Test
    void agreesWithTheJdkFormatterEverywhere() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            long second = random.nextInt(4) == 0 ? 1_795_000_000L : random.nextLong() % 100_000_000_000L;
            Instant time = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000));
            assertThat(UtcMillis.format(time)).as("%s", time).isEqualTo(REFERENCE.format(time));
        }
        assertThat(UtcMillis.format(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00.000Z");
        Instant beforeEpoch = Instant.ofEpochSecond(-1, 999_000_000);
        assertThat(UtcMillis.format(beforeEpoch)).isEqualTo(REFERENCE.format(beforeEpoch));
    }

    /** Lines many to a millisecond: the kept text serves its millisecond only, whatever the nanoseconds. */
    @Test
    void theKeptTextServesItsMillisecondOnly() {
        Random random = new Random(7);
        Instant base = Instant.parse("2026-12-06T18:30:00.998Z");
        for (int i = 0; i < 5_000; i++) {
            Instant time = base.plusNanos(random.nextInt(4_000_000));
            assertThat(UtcMillis.format(time)).as("%s", time).isEqualTo(REFERENCE.format(time));
        }
    }
}
