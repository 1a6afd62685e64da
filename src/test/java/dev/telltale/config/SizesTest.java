package dev.telltale.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SizesTest {

    @ParameterizedTest
    @CsvSource({
            "0,      0",
            "512,    512",
            "512B,   512",
            "16KiB,  16384",
            "10MiB,  10485760",
            "1GiB,   1073741824",
            "100MiB, 104857600",
    })
    void parsesBytesAndBinaryUnits(String text, long bytes) throws InvalidValueException {
        assertThat(Sizes.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "16KB    | is not a size; units are B, KiB, MiB and GiB (powers of 1024), e.g. 512, 16KiB, 10MiB, 1GiB",
            "10M     | is not a size; units are B, KiB, MiB and GiB (powers of 1024), e.g. 512, 16KiB, 10MiB, 1GiB",
            "1.5MiB  | is not a size (examples: 512, 16KiB, 10MiB, 1GiB)",
            "lots    | is not a size (examples: 512, 16KiB, 10MiB, 1GiB)",
            "16 KiB  | is not a size (examples: 512, 16KiB, 10MiB, 1GiB)",
            "-1KiB   | is negative; a size is 0 or more (examples: 512, 16KiB, 10MiB, 1GiB)",
            "9000000000GiB | is too large",
    })
    void refusesWithAReason(String text, String reason) {
        assertThatThrownBy(() -> Sizes.parse(text))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage(reason);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "512, 512", "16384, 16KiB", "1536, 1536", "10485760, 10MiB", "1073741824, 1GiB"})
    void formatsWithTheLargestExactUnit(long bytes, String text) {
        assertThat(Sizes.format(bytes)).isEqualTo(text);
    }
}
