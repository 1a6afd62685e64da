package dev.telltale.diagnostics;

import dev.telltale.config.DetailLevel;
import dev.telltale.failure.Failure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Safe detail shows no internal host names, addresses, ports or exception text. */
class SafeDetailTest {

    @ParameterizedTest
    @EnumSource(Failure.class)
    void safeDetailLetsNothingInternalOutInAnyFormatOrTheHeader(Failure failure) {
        ErrorReport report = SampleReports.report(failure);

        for (ResponseFormat format : ResponseFormat.values()) {
            String body = new String(ErrorBody.render(report, DetailLevel.SAFE, format).body(), StandardCharsets.UTF_8);
            assertThat(body).as(format.name()).doesNotContain(SampleReports.INTERNALS)
                    .contains(SampleReports.REQUEST_ID);
        }
        assertThat(ProxyStatus.format(report, DetailLevel.SAFE)).doesNotContain(SampleReports.INTERNALS);
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void fullDetailShowsWhatWasObserved(Failure failure) {
        ErrorReport report = SampleReports.report(failure);

        for (ResponseFormat format : ResponseFormat.values()) {
            String body = new String(ErrorBody.render(report, DetailLevel.FULL, format).body(), StandardCharsets.UTF_8);
            assertThat(body).as(format.name()).contains("10.1.2.3:3000", "app-db.internal", SampleReports.ROUTE);
        }
        assertThat(ProxyStatus.format(report, DetailLevel.FULL)).contains("app-db.internal/10.1.2.3:3000");
    }
}
