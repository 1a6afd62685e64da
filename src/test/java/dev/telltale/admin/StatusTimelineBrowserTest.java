package dev.telltale.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.Chromium;
import dev.telltale.testing.Json;
import dev.telltale.testing.Ports;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RecordingUpstream;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * /status's timeline in headless Chromium: failures caused over real sockets are drawn as bars in
 * their minute, and the target's ejection, its return and a reload as lines where on the axis
 * their times fall; the page has no script of its own (the test adds one to read the layout), and
 * its dark scheme keeps the words readable.
 */
@Tag("chromium")
class StatusTimelineBrowserTest {

    @TempDir
    Path dir;

    /** Reads what Chromium laid out: the drawing's size, each mark's and bar's place, and the colours in use. */
    private static final String PROBE = """
            <script>
            const svg = document.querySelector('svg.timeline');
            const box = svg.getBoundingClientRect();
            const scale = box.width / 900;
            const out = {width: box.width, height: box.height, hasScript: document.scripts.length > 1,
              fg: getComputedStyle(document.body).color, bg: getComputedStyle(document.body).backgroundColor,
              label: getComputedStyle(svg.querySelector('text.label')).fill,
              marks: [...svg.querySelectorAll('[data-mark]')].map(g => {
                const line = g.querySelector('line').getBoundingClientRect();
                return {kind: g.dataset.mark, at: g.dataset.at, x: ((line.left + line.right) / 2 - box.left) / scale,
                        label: g.querySelector('text').textContent, stroke: getComputedStyle(g.querySelector('line')).stroke};
              }),
              bars: [...svg.querySelectorAll('rect.bar')].map(b => {
                const r = b.getBoundingClientRect();
                return {failure: b.dataset.failure, minute: b.dataset.minute, x: (r.left - box.left) / scale,
                        height: r.height / scale};
              })};
            const pre = document.createElement('pre');
            pre.id = 'probe';
            pre.textContent = JSON.stringify(out);
            document.body.appendChild(pre);
            </script>""";

    @Test
    void barsAndMarksAreDrawnWhereTheirTimesFall() throws Exception {
        Chromium chromium = Chromium.find();
        int closed = Ports.closed();
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.start(Transport.nio(), """
                     upstreams:
                       app: { targets: ["%s"] }
                       billing:
                         targets: ["127.0.0.1:%d"]
                         outlier: { consecutive_failures: 3, ejection: 1s }
                     routes:
                       - { name: billing, match: { path_prefix: /billing }, upstream: billing }
                       - { name: web, match: { path_prefix: / }, upstream: app }
                     """.formatted(app.target(), closed))) {
            Instant before = Instant.now();
            for (int i = 0; i < 3; i++) {
                get(proxy.port(), "/billing/invoice");
            }
            Instant ejected = Instant.now();
            Thread.sleep(1_200); // the ejection ends; billing starts, and the next request finds it back up
            try (RecordingUpstream started = new RecordingUpstream("billing", closed)) {
                get(proxy.port(), "/billing/invoice");
            }
            ReloadMarks reloads = new ReloadMarks();
            Instant beforeReload = Instant.now();
            reloads.add(true);
            Instant afterReload = Instant.now();

            StatusReport report = StatusReport.of(proxy.server().runtime().config(), proxy.server().runtime().upstreams(),
                    proxy.incidents(), false, dev.telltale.container.ContainerView.NONE, null, reloads);
            String page = StatusPage.html(report);
            assertThat(page).doesNotContain("<script");
            int billing = page.indexOf("<h3>billing");
            String withProbe = page.substring(0, billing) + page.substring(billing).replace("</body>", PROBE + "</body>");
            // Only billing's drawing is probed: the first svg after its heading.
            withProbe = withProbe.replace("<svg class=timeline", "<svg class=other-timeline")
                    .replaceFirst("(<h3>billing.*?)<svg class=other-timeline", "$1<svg class=timeline");

            JsonNode light = probe(chromium, withProbe, "light");
            assertThat(light.get("hasScript").asBoolean()).isFalse();
            assertThat(light.get("width").asDouble()).isGreaterThan(400);
            assertThat(light.get("height").asDouble()).isGreaterThan(50);
            TimelineRow timeline = report.upstreams().stream().filter(u -> u.name().equals("billing")).findFirst()
                    .orElseThrow().timeline();

            // The ejection, the target's return at the next request after it ended, and the reload.
            List<String> kinds = new ArrayList<>();
            for (JsonNode mark : light.get("marks")) {
                Instant at = Instant.parse(mark.get("at").asText());
                String kind = mark.get("kind").asText() + " " + mark.get("label").asText();
                assertThat(mark.get("x").asDouble()).as("x of " + mark).isCloseTo(TimelineSvg.x(timeline, at), within(1.5));
                if (kinds.isEmpty()) {
                    assertThat(kind).isEqualTo("health down");
                    assertThat(at).isBetween(before, ejected.plusMillis(500));
                } else if (kind.equals("health up")) {
                    assertThat(at).isAfter(ejected.plusMillis(900));
                } else {
                    assertThat(kind).isEqualTo("reload reload");
                    assertThat(at).isBetween(beforeReload.minusMillis(1), afterReload.plusMillis(1));
                }
                kinds.add(kind);
            }
            assertThat(kinds).containsExactly("health down", "health up", "reload reload");
            // Three connection_refused bars, in the minute they happened (before its minute ended).
            long failures = 0;
            for (JsonNode bar : light.get("bars")) {
                assertThat(bar.get("failure").asText()).isEqualTo("connection_refused");
                Instant minute = Instant.parse(bar.get("minute").asText());
                assertThat(minute).isBetween(before.minusSeconds(60), afterReload);
                assertThat(bar.get("x").asDouble()).isCloseTo(TimelineSvg.x(timeline, minute) + 1, within(1.5));
                failures += Math.round(bar.get("height").asDouble());
            }
            assertThat(light.get("bars")).isNotEmpty();
            assertThat(failures).as("the bars' heights add up to the whole plot: every failure drawn")
                    .isGreaterThanOrEqualTo(TimelineSvg.BOTTOM - TimelineSvg.TOP - 2L);

            JsonNode dark = probe(chromium, withProbe, "dark");
            assertThat(dark.get("bg").asText()).isEqualTo("rgb(13, 17, 23)");
            assertThat(contrast(dark.get("label").asText(), dark.get("bg").asText())).isGreaterThan(7);
            assertThat(contrast(light.get("label").asText(), light.get("bg").asText())).isGreaterThan(7);
            assertThat(dark.get("marks").get(0).get("stroke").asText()).isNotEqualTo(
                    light.get("marks").get(0).get("stroke").asText());
        }
    }

    private JsonNode probe(Chromium chromium, String page, String scheme) throws Exception {
        Path file = Files.writeString(dir.resolve("status-" + scheme + ".html"), page, StandardCharsets.UTF_8);
        String dom = chromium.dumpDom(dir, file.toUri().toString(), "--window-size=1000,800",
                "--blink-settings=preferredColorScheme=" + (scheme.equals("dark") ? 0 : 1));
        int start = dom.indexOf("<pre id=\"probe\">");
        assertThat(start).as("the probe's output in the DOM").isPositive();
        String json = dom.substring(start + "<pre id=\"probe\">".length(), dom.indexOf("</pre>", start));
        return Json.parse(json.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
    }

    private static void get(int port, String path) throws Exception {
        try (RawHttpClient client = new RawHttpClient(port)) {
            client.exchange("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n");
        }
    }

    /** WCAG's contrast ratio of two CSS rgb() colours. */
    private static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String rgb) {
        String[] parts = rgb.replaceAll("[^0-9,]", "").split(",");
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = Integer.parseInt(parts[i]) / 255.0;
            c[i] = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }
}
