package dev.telltale.demo;

import java.util.List;

/** What the demo prints once everything is up: one line per URL to open, and where to look next. */
final class DemoTable {

    /** Not shown, and why: each needs something the demo cannot do inside one unprivileged process. */
    static final List<String> NOT_SHOWN = List.of(
            "destination_ip_unroutable: needs a network without a route to the target (root, or a network namespace)",
            "tls_certificate_error: needs a certificate made at run time, and the shipped jar carries no generator",
            "connection_write_timeout: needs a client that uploads a large body, which a link cannot do",
            "stale_connection: a race that a GET never shows (it is retried on a fresh connection)",
            "proxy_internal_error: a bug in the proxy, which cannot be produced on purpose",
            "client_connection_limit_reached: needs more client connections than listen.max_connections,"
                    + " which one link cannot open");

    private DemoTable() {
    }

    static String format(List<DemoCase> cases, int port, int adminPort) {
        int labelWidth = "CLASS".length();
        int urlWidth = "URL".length();
        for (DemoCase demo : cases) {
            labelWidth = Math.max(labelWidth, demo.label().length());
            urlWidth = Math.max(urlWidth, url(port, demo).length());
        }
        String row = "%-" + labelWidth + "s  %-6s  %-" + urlWidth + "s  %s%n";
        StringBuilder out = new StringBuilder();
        out.append(String.format("%nTelltale demo: one URL per failure the proxy explains. Open them in a browser for"
                + " the page,%nor with curl for text (curl -H 'Accept: application/json' for problem+json).%n%n"));
        out.append(String.format(row, "CLASS", "STATUS", "URL", "THE UPSTREAM BEHIND IT"));
        for (DemoCase demo : cases) {
            out.append(String.format(row, demo.label(), demo.status() + (demo.cutMidBody() ? "*" : ""),
                    url(port, demo), demo.shows()));
        }
        out.append(String.format("%n* the response head was already forwarded when the upstream failed, so no page"
                + " can be sent:%n  the body is cut short, and the class is in the access log (stdout) and the"
                + " incident.%n"));
        out.append(String.format("%nThe status page, each upstream's last 15 minutes drawn: http://127.0.0.1:%d/status"
                + "%nThese links as a page: http://127.0.0.1:%d/%n", adminPort, port));
        out.append(String.format("%nEvery failure is kept as an incident: http://127.0.0.1:%d/incidents/<request id>"
                + "%n  (the request ID is on the page, in the X-Request-Id header and in the log line)%n", adminPort));
        out.append(String.format("%nNot shown:%n"));
        for (String reason : NOT_SHOWN) {
            out.append("  ").append(reason).append(System.lineSeparator());
        }
        out.append(String.format("%nCtrl-C stops the demo.%n"));
        return out.toString();
    }

    static String url(int port, DemoCase demo) {
        return "http://127.0.0.1:" + port + demo.path();
    }
}
