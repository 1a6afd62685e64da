package dev.telltale.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
            "250ms, 250",
            "5s,    5000",
            "2m,    120000",
            "1h,    3600000",
            "0,     0",
            "0s,    0",
            "0ms,   0",
            "90s,   90000",
    })
    void parsesEveryUnit(String text, long millis) throws InvalidValueException {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void zeroIsTheZeroDuration() throws InvalidValueException {
        assertThat(Durations.parse("0")).isSameAs(Duration.ZERO);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "5 sec  | is not a duration (examples: 250ms, 5s, 1m)",
            "5sec   | is not a duration (examples: 250ms, 5s, 1m)",
            "1.5s   | is not a duration (examples: 250ms, 5s, 1m)",
            "5S     | is not a duration (examples: 250ms, 5s, 1m)",
            "s      | is not a duration (examples: 250ms, 5s, 1m)",
            "5      | has no unit; write 5s or 5ms (only 0 may be written without a unit)",
            "-1s    | is negative; a duration is 0 or more (examples: 250ms, 5s, 1m)",
            "9999999999999h | is too large",
    })
    void refusesWithAReason(String text, String reason) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage(reason);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "250, 250ms", "5000, 5s", "90000, 90s", "120000, 2m", "3600000, 1h", "1500, 1500ms"})
    void formatsWithTheLargestExactUnit(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
