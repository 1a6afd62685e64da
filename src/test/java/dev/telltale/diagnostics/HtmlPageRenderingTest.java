package dev.telltale.diagnostics;

import dev.telltale.config.DetailLevel;
import dev.telltale.failure.Failure;
import dev.telltale.testing.Chromium;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loads the error page in headless Chromium and checks the DOM a browser really builds from it.
 * Without Chromium the test is skipped on a workstation, and fails on CI ({@code CI=true}),
 * where {@code .ci/run} installs it. With {@code -Dtelltale.docs.write=true} it also saves the
 * screenshot of the page that the README shows.
 */
@Tag("chromium")
class HtmlPageRenderingTest {

    /** Written with {@code -Dtelltale.docs.write=true}: the page at full detail, as the README shows it. */
    private static final Path SCREENSHOT = Path.of("docs/images/error-page.png");
    private static Chromium chromium;

    @BeforeAll
    static void findChromium() {
        chromium = Chromium.find();
    }

    @ParameterizedTest
    @EnumSource(DetailLevel.class)
    void chromiumShowsTheFailedHopTheRequestIdAndTheTitle(DetailLevel level, @TempDir Path dir)
            throws IOException, InterruptedException {
        ErrorReport report = SampleReports.report(Failure.CONNECTION_REFUSED);
        Path page = dir.resolve("error.html");
        Files.write(page, ErrorBody.render(report, level, ResponseFormat.HTML).body());

        String dom = dumpDom(page, dir);

        assertThat(dom).doesNotContainIgnoringCase("<script");
        assertThat(element(dom, "h1", "title")).contains("Connection refused by the application");
        assertThat(element(dom, "code", "request-id")).contains(">" + SampleReports.REQUEST_ID + "<");
        String upstreamHop = element(dom, "li", "hop-upstream");
        assertThat(upstreamHop).contains("data-state=\"failed\"", "\u2717", "failed");
        assertThat(element(dom, "li", "hop-client")).contains("data-state=\"ok\"", "\u2713").doesNotContain("\u2717");
        assertThat(element(dom, "li", "hop-proxy")).contains("data-state=\"ok\"", "\u2713").doesNotContain("\u2717");
        assertThat(textOf(dom)).contains(SampleReports.REQUEST_ID, SampleReports.TIME_TEXT,
                "This page will retry by itself in 5 seconds.");
        if (level == DetailLevel.FULL) {
            assertThat(upstreamHop).contains(SampleReports.UPSTREAM, SampleReports.TARGET);
            assertThat(textOf(dom)).contains("Setting to tune: " + SampleReports.CONFIG_KEY);
        } else {
            assertThat(upstreamHop).contains("Application");
            assertThat(dom).doesNotContain(SampleReports.INTERNALS);
        }
        if (level == DetailLevel.FULL && Boolean.getBoolean("telltale.docs.write")) {
            screenshot(page, dir);
        }
    }

    private static String dumpDom(Path page, Path dir) throws IOException, InterruptedException {
        return chromium.dumpDom(dir, page.toUri().toString());
    }

    /** The picture of the page in the documentation, taken by the same browser that checked it. */
    private static void screenshot(Path page, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(SCREENSHOT.getParent());
        Files.deleteIfExists(SCREENSHOT);
        Path stderr = chromium.run(dir, dir.resolve("screenshot.out"), "--hide-scrollbars", "--window-size=1000,700",
                "--screenshot=" + SCREENSHOT.toAbsolutePath(), page.toUri().toString());
        assertThat(SCREENSHOT).as("the screenshot; chromium's log:\n" + Chromium.tail(stderr)).isNotEmptyFile();
    }

    /** The whole element {@code <tag ... id="id" ...>...</tag>} as Chromium serialized it. */
    private static String element(String dom, String tag, String id) {
        Matcher m = Pattern.compile("<" + tag + "\\b[^>]*\\bid=\"" + id + "\"[^>]*>.*?</" + tag + ">", Pattern.DOTALL)
                .matcher(dom);
        assertThat(m.find()).as("an element <" + tag + " id=\"" + id + "\"> in the DOM").isTrue();
        return m.group();
    }

    /** The body's text with tags removed and entities of the few kinds the page uses decoded. */
    private static String textOf(String dom) {
        String body = dom.substring(dom.indexOf("<body"));
        return body.replaceAll("<[^>]+>", "").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }
}
