package dev.telltale.demo;

import dev.telltale.diagnostics.Html;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The demo's answer to {@code /}: its URLs as links, with the status page and what each shows. */
final class DemoIndex {

    private DemoIndex() {
    }

    static byte[] html(List<DemoCase> cases, int adminPort) {
        StringBuilder page = new StringBuilder(4096).append("""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Telltale demo</title>
                <style>:root{color-scheme:light dark}body{font:15px/1.45 system-ui,sans-serif;margin:1.5rem}
                td,th{padding:.2rem .6rem;text-align:left}</style></head><body><h1>Telltale demo</h1>
                <p>One URL per failure the proxy explains; each upstream behind them fails that way on purpose.
                Open one for its page; curl gives text, and <code>Accept: application/json</code> problem+json.</p>
                """);
        String admin = "http://127.0.0.1:" + adminPort;
        page.append("<p><a href=\"").append(admin).append("/status\">The status page</a>: each upstream's last 15"
                + " minutes drawn, its targets' health and the recent incidents. <a href=\"").append(admin)
                .append("/metrics\">/metrics</a> · <a href=\"").append(admin).append("/readyz?verbose\">/readyz?verbose</a></p>")
                .append("<table><tr><th>class</th><th>status</th><th>URL</th><th>the upstream behind it</th></tr>");
        for (DemoCase demo : cases) {
            page.append("<tr><td>").append(Html.escape(demo.label())).append("</td><td>").append(demo.status())
                    .append(demo.cutMidBody() ? "*" : "").append("</td><td><a href=\"").append(Html.escape(demo.path()))
                    .append("\">").append(Html.escape(demo.path())).append("</a></td><td>")
                    .append(Html.escape(demo.shows())).append("</td></tr>");
        }
        return page.append("</table><p>* the body is cut short after the head went out: the class is in the access"
                + " log and the incident.</p></body></html>\n").toString().getBytes(StandardCharsets.UTF_8);
    }
}
