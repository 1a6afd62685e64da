package dev.telltale.diagnostics;

import dev.telltale.failure.Failure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAdviceTest {

    @ParameterizedTest
    @EnumSource(Failure.class)
    void onlyTransientFailuresAskForARetry(Failure failure) {
        assertThat(RetryAdvice.seconds(failure))
                .isEqualTo(failure.isTransient() ? OptionalInt.of(5) : OptionalInt.empty());
    }
}
