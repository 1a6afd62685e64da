package dev.telltale.admin;

import dev.telltale.diagnostics.Html;

import java.util.Map;

/** /status's section on the TLS listener: the certificate in use, its reloads, failed handshakes. */
final class ListenerTlsSection {

    /** Expiry this close is shown as a warning: certbot renews at 30 days left, cert-manager at a third of the life. */
    private static final long WARN_DAYS = 14;

    private ListenerTlsSection() {
    }

    static String of(StatusReport.ListenerTlsRow tls) {
        if (tls == null) {
            return "";
        }
        String expiry = tls.daysLeft() < 0 ? "<span class=down>expired " + -tls.daysLeft() + " day(s) ago</span>"
                : tls.daysLeft() < WARN_DAYS ? "<span class=down>in " + tls.daysLeft() + " day(s)</span>"
                : "in " + tls.daysLeft() + " days";
        StringBuilder out = new StringBuilder(1024).append("\n<h2>Listener certificate</h2><table>")
                .append("<tr><th>subject</th><td><code>").append(Html.escape(tls.subject())).append("</code></td></tr>")
                .append("<tr><th>issuer</th><td><code>").append(Html.escape(tls.issuer())).append("</code></td></tr>")
                .append("<tr><th>expires</th><td>").append(Html.escape(tls.notAfter().toString())).append(" · ")
                .append(expiry).append("</td></tr>")
                .append("<tr><th>serial</th><td><code>").append(Html.escape(tls.serial())).append("</code></td></tr>")
                .append("<tr><th>loaded</th><td>").append(Html.escape(tls.loadedAt().toString())).append(" from <code>")
                .append(Html.escape(tls.cert())).append("</code> and <code>").append(Html.escape(tls.key()))
                .append("</code></td></tr>");
        if (tls.lastRejection() != null) {
            out.append("<tr><th>last reload</th><td><span class=down>rejected at ")
                    .append(Html.escape(tls.lastRejectionAt().toString())).append("</span>: ")
                    .append(Html.escape(tls.lastRejection())).append("</td></tr>");
        }
        out.append("<tr><th>failed client handshakes</th><td>");
        boolean any = false;
        for (Map.Entry<String, Long> failures : tls.handshakeFailures().entrySet()) {
            if (failures.getValue() > 0) {
                out.append(any ? ", " : "").append(Html.escape(failures.getKey())).append(": ").append(failures.getValue());
                any = true;
            }
        }
        return out.append(any ? "" : "none").append("</td></tr></table>").toString();
    }
}
