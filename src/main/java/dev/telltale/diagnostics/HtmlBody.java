package dev.telltale.diagnostics;

import dev.telltale.failure.Failure;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The error page: {@code error-page.html} filled with escaped values. Every value that reaches
 * the template passes through {@link Html#escape} here; the few list fragments built below
 * escape their content the same way.
 */
final class HtmlBody {

    private static final PageTemplate PAGE = PageTemplate.resource("error-page.html");

    /** Loading the class reads the template; nothing else to do. */
    static void preload() {
    }
    private static final String NONE = "&mdash;";

    private enum HopState {
        OK("ok", "\u2713", "ok"), FAILED("failed", "\u2717", "failed"), NOT_REACHED("not-reached", "\u2013", "not reached");

        final String attribute;
        final String mark;
        final String text;

        HopState(String attribute, String mark, String text) {
            this.attribute = attribute;
            this.mark = mark;
            this.text = text;
        }
    }

    private HtmlBody() {
    }

    static RenderedError render(VisibleReport v) {
        Map<String, String> values = new HashMap<>();
        Set<String> sections = new HashSet<>();
        values.put("status", String.valueOf(v.status()));
        values.put("statusText", Html.escape(StatusText.of(v.status())));
        values.put("title", Html.escape(v.explanation().title()));
        values.put("failure", Html.escape(v.failure().wireName()));
        values.put("requestId", Html.escape(v.requestId()));
        if (v.traceId() != null) {
            sections.add("trace");
            values.put("traceId", Html.escape(v.traceId()));
        }
        values.put("timestamp", Html.escape(v.timestampText()));
        values.put("summary", Html.escape(v.summarySentence()));
        values.put("explanation", Html.escape(v.explanation().explanation()));
        values.put("nextChecks", items(v.explanation().nextChecks()));
        values.put("causes", items(v.explanation().causes()));
        if (v.cause() != null) {
            sections.add("cause");
            values.put("cause", Html.escape(v.cause()));
        }
        if (v.hold() != null) {
            sections.add("hold");
            values.put("hold", Html.escape(v.hold()));
        }
        v.retryAfterSeconds().ifPresent(seconds -> {
            sections.add("retry");
            values.put("retrySeconds", String.valueOf(seconds));
        });
        hops(v, values);
        if (v.full() != null) {
            full(v, values, sections);
        }
        return new RenderedError(ResponseFormat.HTML.contentType(), PAGE.render(values, sections));
    }

    /** The failed hop follows the failure's side; hops after it were not reached. */
    private static void hops(VisibleReport v, Map<String, String> values) {
        Failure.Side side = v.failure().side();
        hop(values, "client", side == Failure.Side.CLIENT ? HopState.FAILED : HopState.OK);
        hop(values, "proxy", side == Failure.Side.PROXY ? HopState.FAILED : HopState.OK);
        hop(values, "upstream", side == Failure.Side.UPSTREAM ? HopState.FAILED : HopState.NOT_REACHED);
        if (side == Failure.Side.UPSTREAM && v.causeShort() != null) {
            // The failed hop names the container's state: "failed: container exited 0 4s ago".
            values.put("upstreamStateText", Html.escape(HopState.FAILED.text + ": " + v.causeShort()));
        }
        values.put("upstreamLabel", upstreamLabel(v.full()));
    }

    private static void hop(Map<String, String> values, String hop, HopState state) {
        values.put(hop + "State", state.attribute);
        values.put(hop + "Mark", state.mark);
        values.put(hop + "StateText", state.text);
    }

    /** "Application" at safe detail; the upstream's name and target at full. */
    private static String upstreamLabel(ErrorReport full) {
        if (full == null || (blank(full.upstream()) && blank(full.target()))) {
            return "Application";
        }
        String name = blank(full.upstream()) ? "Application" : Html.escape(full.upstream());
        return blank(full.target()) ? name : name + " <code>" + Html.escape(full.target()) + "</code>";
    }

    private static void full(VisibleReport v, Map<String, String> values, Set<String> sections) {
        ErrorReport r = v.full();
        sections.add("full");
        if (!blank(r.detail())) {
            sections.add("observed");
            values.put("detail", Html.escape(r.detail()));
        }
        if (!blank(r.configKey())) {
            sections.add("setting");
            values.put("configKey", Html.escape(r.configKey()));
        }
        values.put("request", orNone(joined(" ", r.method(), joined("", r.host(), r.path()))));
        values.put("route", orNone(r.route()));
        values.put("upstream", orNone(r.upstream()));
        values.put("target", orNone(r.target()));
        values.put("phase", orNone(v.phaseName()));
        values.put("timings", timings(r.timings()));
        values.put("retries", String.valueOf(Math.max(0, r.attempts().size() - 1)));
        if (r.container() != null) {
            sections.add("container");
            values.put("container", Html.escape(ContainerText.describe(r.container())));
            if (!blank(r.container().healthOutput())) {
                sections.add("healthOutput");
                values.put("healthOutput", Html.escape(r.container().healthOutput()));
            }
        }
        if (!r.attempts().isEmpty()) {
            sections.add("attempts");
            values.put("attemptRows", attemptRows(r.attempts()));
        }
    }

    private static String timings(ErrorReport.Timings t) {
        String joined = joined(" \u00b7 ", millis("connect", t.connectMs()), millis("TLS", t.tlsMs()),
                millis("first byte", t.ttfbMs()), millis("held", t.heldMs()), millis("total", t.durationMs()));
        return joined == null ? "not measured" : Html.escape(joined);
    }

    private static String millis(String label, Long ms) {
        return ms == null ? null : label + " " + ms + " ms";
    }

    private static String attemptRows(List<ErrorReport.Attempt> attempts) {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < attempts.size(); i++) {
            ErrorReport.Attempt a = attempts.get(i);
            rows.append("<tr><td>").append(i + 1)
                    .append("</td><td><code>").append(orNone(a.target()))
                    .append("</code></td><td>").append(a.failure() == null ? "ok" : Html.escape(a.failure().wireName()))
                    .append("</td><td>").append(orNone(a.detail()))
                    .append("</td></tr>\n");
        }
        return rows.toString();
    }

    private static String items(List<String> texts) {
        StringBuilder list = new StringBuilder();
        for (String text : texts) {
            list.append("<li>").append(Html.escape(text)).append("</li>\n");
        }
        return list.toString();
    }

    /** The non-blank parts joined, or null when there are none. */
    private static String joined(String separator, String... parts) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            if (!blank(part)) {
                out.append(out.length() == 0 ? "" : separator).append(part);
            }
        }
        return out.length() == 0 ? null : out.toString();
    }

    private static String orNone(String text) {
        return blank(text) ? NONE : Html.escape(text);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
