package dev.telltale.diagnostics;

import dev.telltale.config.DetailLevel;
import dev.telltale.failure.Failure;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TextBodyTest {

    @Test
    void safeTextIsShortAndSaysWhatHappenedAndWhichRequest() {
        RenderedError rendered = ErrorBody.render(SampleReports.report(Failure.CONNECTION_REFUSED), DetailLevel.SAFE,
                ResponseFormat.TEXT);
        String text = new String(rendered.body(), StandardCharsets.UTF_8);

        assertThat(rendered.contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(text).startsWith("502 Bad Gateway: Connection refused by the application\n"
                + "The application refused the connection. This is often temporary; try again in 5 seconds.\n");
        assertThat(text).contains("request id: " + SampleReports.REQUEST_ID + "\n",
                "trace id: " + SampleReports.TRACE_ID + "\n",
                "time: " + SampleReports.TIME_TEXT + "\n", "failure: connection_refused\n",
                "  - docker compose ps app — is it running and healthy?\n");
        assertThat(text).doesNotContain("detail:", "route:", "target:");
    }

    @Test
    void fullTextAddsTheObservedDetailAndWhereItHappened() {
        String text = render(SampleReports.report(Failure.HTTP_RESPONSE_TIMEOUT), DetailLevel.FULL);

        assertThat(text).startsWith("504 Gateway Timeout: The application took too long to answer\n")
                .doesNotContain("try again in");
        assertThat(text).contains("detail: " + SampleReports.DETAIL + "\n",
                "request: POST shop.example.test/cart/secret-path?x=1\n",
                "route: " + SampleReports.ROUTE + "\n", "upstream: " + SampleReports.UPSTREAM + "\n",
                "target: " + SampleReports.TARGET + "\n", "setting to tune: " + SampleReports.CONFIG_KEY + "\n",
                "attempt 2: " + SampleReports.TARGET + " http_response_timeout ");
    }

    @Test
    void lineBreaksInReflectedValuesCannotForgeLines() {
        ErrorReport report = SampleReports.withRequest(Failure.HTTP_PROTOCOL_ERROR, "/x\r\nrequest id: forged",
                "bad\nrequest id: forged");

        String text = render(report, DetailLevel.FULL);

        assertThat(text).doesNotContain("\nrequest id: forged").contains("detail: bad?request id: forged");
    }

    private static String render(ErrorReport report, DetailLevel level) {
        return new String(ErrorBody.render(report, level, ResponseFormat.TEXT).body(), StandardCharsets.UTF_8);
    }
}
