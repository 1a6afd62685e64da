package dev.telltale.diagnostics;

import dev.telltale.config.DetailLevel;
import dev.telltale.failure.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyStatusTest {

    @Test
    void safeDetailsAreTheClassSummary() {
        String header = ProxyStatus.format(SampleReports.report(Failure.CONNECTION_REFUSED), DetailLevel.SAFE);

        assertThat(header).isEqualTo(
                "telltale; error=connection_refused; details=\"the application refused the connection\"");
    }

    @Test
    void fullDetailsAreWhatWasObserved() {
        ErrorReport report = SampleReports.withRequest(Failure.HTTP_RESPONSE_TIMEOUT, "/",
                "no response head within 5s (routes[api].timeouts.response_header)");

        assertThat(ProxyStatus.format(report, DetailLevel.FULL)).isEqualTo("telltale; error=http_response_timeout; "
                + "details=\"no response head within 5s (routes[api].timeouts.response_header)\"");
    }

    @Test
    void fullWithoutAnObservedDetailFallsBackToTheSummary() {
        String header = ProxyStatus.format(SampleReports.minimal(Failure.DESTINATION_NOT_FOUND), DetailLevel.FULL);

        assertThat(header).endsWith("details=\"no route is configured for this address\"");
    }

    @Test
    void quotesAndBackslashesAreEscapedAsAnSfString() {
        ErrorReport report = SampleReports.withRequest(Failure.HTTP_PROTOCOL_ERROR, "/",
                "bad header \"X-A\" in C:\\app");

        assertThat(ProxyStatus.format(report, DetailLevel.FULL))
                .endsWith("details=\"bad header \\\"X-A\\\" in C:\\\\app\"");
    }

    @Test
    void onlyPrintableAsciiReachesTheHeader() {
        ErrorReport report = SampleReports.withRequest(Failure.HTTP_PROTOCOL_ERROR, "/",
                "line\r\nSet-Cookie: x=1\t\u00e9\u2713\u0000\u007f end");

        String header = ProxyStatus.format(report, DetailLevel.FULL);

        assertThat(header).endsWith("details=\"line??Set-Cookie: x=1????? end\"");
        assertThat(header.chars()).allMatch(c -> c >= 0x20 && c <= 0x7E);
    }

    @Test
    void longDetailsAreCut() {
        ErrorReport report = SampleReports.withRequest(Failure.PROXY_INTERNAL_ERROR, "/", "x".repeat(5000));

        String header = ProxyStatus.format(report, DetailLevel.FULL);

        assertThat(header).hasSizeLessThan(ProxyStatus.MAX_DETAILS + 80).endsWith("...\"");
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void everyClassGivesAWellFormedHeaderAtSafeDetail(Failure failure) {
        String header = ProxyStatus.format(SampleReports.report(failure), DetailLevel.SAFE);

        // sf-item: token, then parameters ;key=token and ;key="string" (RFC 8941 §3.1.2, §3.3.3-4).
        assertThat(header).matches("telltale; error=[a-z_]+; details=\"([\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]|\\\\[\"\\\\])*\"");
        assertThat(header).contains("error=" + failure.wireName() + ";");
    }
}
