package dev.telltale.diagnostics;

import dev.telltale.config.DetailLevel;
import dev.telltale.failure.Failure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Loads the error page in headless Chromium and checks the DOM a browser really builds from it.
 * Without Chromium the test is skipped on a workstation, and fails on CI ({@code CI=true}),
 * where {@code .ci/run} installs it. With {@code -Dtelltale.docs.write=true} it also saves the
 * screenshot of the page that the README shows.
 */
@Tag("chromium")
class HtmlPageRenderingTest {

    private static final long TIMEOUT_SECONDS = 30;
    /** Written with {@code -Dtelltale.docs.write=true}: the page at full detail, as the README shows it. */
    private static final Path SCREENSHOT = Path.of("docs/images/error-page.png");
    private static Path chromium;

    @BeforeAll
    static void findChromium() {
        Optional<Path> found = Stream.concat(
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                                .filter(dir -> !dir.isEmpty())
                                .flatMap(dir -> Stream.of(Path.of(dir, "chromium"), Path.of(dir, "chromium-browser"))),
                        Stream.of(Path.of("/usr/bin/chromium")))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty() && "true".equals(System.getenv("CI"))) {
            fail("chromium is not installed, and CI=true: .ci/run should have installed it");
        }
        assumeTrue(found.isPresent(), "chromium is not installed; skipping the browser check");
        chromium = found.get();
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
        Path stdout = dir.resolve("dom.html");
        Path stderr = runChromium(dir, stdout, "--dump-dom", page.toUri().toString());
        String dom = Files.readString(stdout, StandardCharsets.UTF_8);
        assertThat(dom).as("the dumped DOM; chromium's log:\n" + tail(stderr)).contains("<body");
        return dom;
    }

    /** The picture of the page in the documentation, taken by the same browser that checked it. */
    private static void screenshot(Path page, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(SCREENSHOT.getParent());
        Files.deleteIfExists(SCREENSHOT);
        Path stderr = runChromium(dir, dir.resolve("screenshot.out"), "--hide-scrollbars", "--window-size=1000,700",
                "--screenshot=" + SCREENSHOT.toAbsolutePath(), page.toUri().toString());
        assertThat(SCREENSHOT).as("the screenshot; chromium's log:\n" + tail(stderr)).isNotEmptyFile();
    }

    /** Runs headless Chromium to the end with a profile of its own; returns the path of its log. */
    private static Path runChromium(Path dir, Path stdout, String... arguments)
            throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "profile");
        Path stderr = dir.resolve(profile.getFileName() + ".log");
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            fail("chromium did not finish within " + TIMEOUT_SECONDS + "s; its log:\n" + tail(stderr));
        }
        assertThat(process.exitValue()).as("chromium's exit code; its log:\n" + tail(stderr)).isZero();
        return stderr;
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

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    }
}
