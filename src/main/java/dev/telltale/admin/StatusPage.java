package dev.telltale.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.telltale.diagnostics.Html;

import java.io.UncheckedIOException;

/** /status as JSON (for scripts) or a self-contained HTML page (for people), by Accept. */
final class StatusPage {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** Light and dark, by the reader's preference; the timeline's colours are classes here too. */
    private static final String CSS = """
            :root{color-scheme:light dark;--fg:#1f2328;--bg:#fff;--line:#d1d9e0;--head:#f6f8fa;--up:#1a7f37;
            --down:#cf222e;--reload:#0969da;--container:#8250df}
            @media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--line:#3d444d;--head:#161b22;
            --up:#3fb950;--down:#ff7b72;--reload:#58a6ff;--container:#bc8cff}}
            body{font:15px/1.45 system-ui,sans-serif;margin:1.5rem;color:var(--fg);background:var(--bg)}
            table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid var(--line);
            padding:.3rem .6rem;text-align:left;vertical-align:top}th{background:var(--head)}
            .up{color:var(--up)}.down{color:var(--down);font-weight:600}code{font-size:90%}
            svg.timeline{max-width:100%;height:auto;display:block}svg .label,svg .mark text{fill:var(--fg);font-size:11px}
            svg .axis{stroke:var(--line)}svg .mark line{stroke-width:2}svg .mark text{font-weight:600}
            .mark.health line{stroke:var(--up)}.mark.health.down line{stroke:var(--down)}
            .mark.reload line{stroke:var(--reload);stroke-dasharray:4 3}.mark.reload.rejected line{stroke:var(--down)}
            .mark.container line{stroke:var(--container);stroke-dasharray:1 3}
            .kw.health{color:var(--up)}.kw.health.down{color:var(--down)}.kw.reload{color:var(--reload)}
            .kw.container{color:var(--container)}.legend{margin:.2rem 0 .6rem;font-size:90%}
            .key{display:inline-block;width:.8em;height:.8em;margin-right:.3em;vertical-align:-.05em}
            .c0{fill:#e5534b;background:#e5534b}.c1{fill:#d29922;background:#d29922}.c2{fill:#1f6feb;background:#1f6feb}
            .c3{fill:#8957e5;background:#8957e5}.c4{fill:#2da44e;background:#2da44e}.c5{fill:#bf4b8a;background:#bf4b8a}
            .c6{fill:#768390;background:#768390}.c7{fill:#c69026;background:#c69026}""";

    private StatusPage() {
    }

    /** One JSON document and a newline: the status report, or readiness. */
    static String json(Object report) {
        try {
            return JSON.writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String html(StatusReport report) {
        StringBuilder out = new StringBuilder(4096).append("""
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta http-equiv="refresh" content="10"><title>Telltale status</title><style>
                """).append(CSS).append("""
                </style></head><body><h1>Telltale status</h1>
                """);
        out.append("<p>").append(Html.escape(report.at().toString()))
                .append(report.draining() ? " · <span class=down>draining</span>" : "")
                .append(ContainerCell.docker(report.docker()))
                .append(" · refreshes every 10 s · <a href=\"/status\">reload</a></p>")
                .append(ListenerTlsSection.of(report.tls()))
                .append("\n<h2>Routes</h2><table>")
                .append("<tr><th>route</th><th>host</th><th>path prefix</th><th>upstream</th></tr>");
        for (StatusReport.RouteRow route : report.routes()) {
            out.append("<tr><td>").append(Html.escape(route.name())).append("</td><td>")
                    .append(route.host() == null ? "any" : Html.escape(route.host())).append("</td><td><code>")
                    .append(Html.escape(route.pathPrefix())).append("</code></td><td>")
                    .append(Html.escape(route.upstream())).append("</td></tr>");
        }
        out.append("</table>\n<h2>Upstreams</h2>");
        boolean containers = report.docker() != null;
        for (StatusReport.UpstreamRow upstream : report.upstreams()) {
            out.append("<h3>").append(Html.escape(upstream.name())).append(" <small>(")
                    .append(Html.escape(upstream.balance())).append(")</small></h3>")
                    .append(TimelineSvg.of(upstream.name(), upstream.timeline())).append("<table><tr><th>target</th>")
                    .append("<th>health</th><th>open / in use</th><th>failures 1m / 5m / 15m</th>")
                    .append("<th>last failure</th>").append(containers ? "<th>container</th>" : "").append("</tr>");
            for (StatusReport.TargetRow target : upstream.targets()) {
                out.append("<tr><td><code>").append(Html.escape(target.target())).append("</code></td><td>")
                        .append(target.up() ? "<span class=up>✓ up</span>"
                                : "<span class=down>✗ down</span><br>" + Html.escape(target.down()))
                        .append("</td><td>").append(target.openConnections()).append(" / ").append(target.inFlight())
                        .append(target.idleCloseMs() == null ? "" : "<br>closes connections idle for "
                                + target.idleCloseMs() + " ms (learnt): pooled ones retire after "
                                + target.poolKeepsMs() + " ms")
                        .append("</td><td>").append(target.failures1m()).append(" / ").append(target.failures5m())
                        .append(" / ").append(target.failures15m()).append("</td><td>")
                        .append(target.lastFailure() == null ? "none" : Html.escape(target.lastFailure() + " at "
                                + target.lastFailureAt() + ": " + target.lastFailureDetail()))
                        .append(containers ? "</td><td>" + ContainerCell.of(target.containers()) : "")
                        .append("</td></tr>");
            }
            out.append("</table>");
        }
        out.append("\n<h2>Recent incidents</h2><table><tr><th>time</th><th>request ID</th><th>failure</th>")
                .append("<th>status</th><th>route</th></tr>");
        for (StatusReport.IncidentRow incident : report.incidents()) {
            String id = Html.escape(incident.requestId());
            out.append("<tr><td>").append(Html.escape(incident.at().toString())).append("</td><td><a href=\"/incidents/")
                    .append(id).append("\"><code>").append(id).append("</code></a></td><td>")
                    .append(Html.escape(incident.failure())).append("</td><td>").append(incident.status())
                    .append("</td><td>").append(incident.route() == null ? "" : Html.escape(incident.route()))
                    .append("</td></tr>");
        }
        return out.append("</table></body></html>\n").toString();
    }
}
