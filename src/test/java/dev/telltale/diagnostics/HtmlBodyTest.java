package dev.telltale.diagnostics;

import dev.telltale.config.DetailLevel;
import dev.telltale.failure.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlBodyTest {

    @Test
    void pageShowsStatusTitleRequestIdAndTime() {
        RenderedError rendered = ErrorBody.render(SampleReports.report(Failure.CONNECTION_REFUSED), DetailLevel.SAFE,
                ResponseFormat.HTML);
        String html = new String(rendered.body(), StandardCharsets.UTF_8);

        assertThat(rendered.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .contains("<p class=\"status\">502 Bad Gateway</p>")
                .contains("<h1 id=\"title\">Connection refused by the application</h1>")
                .contains("<code class=\"copy\" id=\"request-id\">" + SampleReports.REQUEST_ID + "</code>")
                .contains("<dt>Trace ID</dt><dd><code class=\"copy\" id=\"trace-id\">" + SampleReports.TRACE_ID
                        + "</code>")
                .contains("and the trace ID finds it in your tracing system.")
                .contains("datetime=\"" + SampleReports.TIME_TEXT + "\">" + SampleReports.TIME_TEXT + "</time>")
                .contains("<strong>The application refused the connection.</strong>")
                .contains("<li>docker compose ps app — is it running and healthy?</li>");
    }

    @Test
    void aPageWithoutATraceHasNoTraceLine() {
        String html = new String(ErrorBody.render(SampleReports.minimal(Failure.DESTINATION_NOT_FOUND), DetailLevel.SAFE,
                ResponseFormat.HTML).body(), StandardCharsets.UTF_8);
        assertThat(html).doesNotContain("trace-id").doesNotContain("Trace ID").doesNotContain("{{")
                .contains("it finds this request in the proxy's log.</p>");
    }

    @Test
    void pageIsSelfContained() {
        String html = render(SampleReports.report(Failure.HTTP_RESPONSE_TIMEOUT), DetailLevel.FULL);

        assertThat(html.toLowerCase()).doesNotContain("<script", "javascript:", " onload", " onclick", "<link",
                "<img", "<iframe", "src=", "href=", "@import", "url(");
        assertThat(html).doesNotContain("{{").contains("Content-Security-Policy\" content=\"default-src 'none'");
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void failedHopFollowsTheFailureSide(Failure failure) {
        String html = render(SampleReports.report(failure), DetailLevel.SAFE);

        String failed = switch (failure.side()) {
            case CLIENT -> "client";
            case PROXY -> "proxy";
            case UPSTREAM -> "upstream";
        };
        for (String hop : new String[] {"client", "proxy", "upstream"}) {
            String element = hop(html, hop);
            if (hop.equals(failed)) {
                assertThat(element).as(hop).contains("data-state=\"failed\"", "\u2717", ">failed</span>");
            } else {
                assertThat(element).as(hop).doesNotContain("failed", "\u2717");
            }
        }
    }

    @Test
    void upstreamHopIsGenericAtSafeAndNamedAtFull() {
        ErrorReport report = SampleReports.report(Failure.CONNECTION_REFUSED);

        assertThat(hop(render(report, DetailLevel.SAFE), "upstream")).contains(" Application ")
                .doesNotContain(SampleReports.UPSTREAM);
        assertThat(hop(render(report, DetailLevel.FULL), "upstream"))
                .contains(SampleReports.UPSTREAM + " <code>" + SampleReports.TARGET + "</code>");
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void onlyTransientFailuresReloadThemselvesAndSaySo(Failure failure) {
        String html = render(SampleReports.report(failure), DetailLevel.SAFE);

        if (failure.isTransient()) {
            assertThat(html).contains("<meta http-equiv=\"refresh\" content=\"5\">")
                    .contains("the app may still be starting")
                    .contains("This page will retry by itself in 5 seconds.");
        } else {
            assertThat(html).doesNotContain("http-equiv=\"refresh\"", "retry by itself");
        }
    }

    @Test
    void fullPageHasTheDetailsTableAndTheSettingToTune() {
        String html = render(SampleReports.report(Failure.CONNECTION_TIMEOUT), DetailLevel.FULL);

        assertThat(html).contains("Setting to tune: <code>" + SampleReports.CONFIG_KEY + "</code>")
                .contains("<th scope=\"row\">Route</th><td>" + SampleReports.ROUTE + "</td>")
                .contains("<th scope=\"row\">Target</th><td><code>" + SampleReports.TARGET + "</code></td>")
                .contains("<th scope=\"row\">Phase</th><td>connect</td>")
                .contains("connect 3 ms \u00b7 total 12 ms")
                .contains("<th scope=\"row\">Retries</th><td>1</td>")
                .contains("<td><code>10.1.2.4:3000</code></td><td>connection_timeout</td>")
                .contains("Observed: <code id=\"observed\">io.netty.channel.AbstractChannel$AnnotatedConnectException");
    }

    @Test
    void fullPageWithoutASettingOrAttemptsLeavesThemOut() {
        String html = render(SampleReports.minimal(Failure.DESTINATION_NOT_FOUND), DetailLevel.FULL);

        assertThat(html).contains("<table id=\"details\">")
                .doesNotContain("Setting to tune", "id=\"attempts\"", "Observed:")
                .contains("<th scope=\"row\">Timings</th><td>not measured</td>");
    }

    @Test
    void reflectedScriptInThePathIsEscaped() {
        ErrorReport report = SampleReports.withRequest(Failure.CONNECTION_REFUSED, "/<script>alert(1)</script>",
                "\"><img src=x onerror=alert(1)>");

        String html = render(report, DetailLevel.FULL);

        assertThat(html).doesNotContain("<script>", "<img", "alert(1)>")
                .contains("/&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    }

    @Test
    void everyReflectedFieldIsEscaped() {
        String evil = "<b x='1' y=\"2\">&amp;";
        String escaped = "&lt;b x=&#39;1&#39; y=&quot;2&quot;&gt;&amp;amp;";
        ErrorReport report = new ErrorReport(Failure.HTTP_RESPONSE_TIMEOUT, evil, SampleReports.TIME, null, evil,
                evil, evil, evil, evil, evil, evil, evil,
                java.util.List.of(new ErrorReport.Attempt(evil, Failure.HTTP_RESPONSE_TIMEOUT, evil)), null);

        String html = render(report, DetailLevel.FULL);

        assertThat(html).doesNotContain("<b ").contains(escaped);
        assertThat(count(html, escaped)).isGreaterThanOrEqualTo(11);
    }

    @Test
    void placeholdersInsideValuesAreNotExpanded() {
        ErrorReport report = SampleReports.withRequest(Failure.CONNECTION_TERMINATED, "/{{requestId}}",
                "{{#full}}{{title}}");

        String html = render(report, DetailLevel.FULL);

        assertThat(html).contains("/{{requestId}}", "{{#full}}{{title}}");
    }

    private static String render(ErrorReport report, DetailLevel level) {
        return new String(ErrorBody.render(report, level, ResponseFormat.HTML).body(), StandardCharsets.UTF_8);
    }

    static String hop(String html, String hop) {
        Matcher m = Pattern.compile("<li[^>]*id=\"hop-" + hop + "\"[^>]*>.*?</li>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as("hop " + hop).isTrue();
        return m.group();
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
