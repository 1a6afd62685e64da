package dev.telltale.upstream;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fatal alerts the upstream sent during a handshake. The JDK's SSLEngine reports a received alert
 * only in its exception message, so this is the one place where TLS failures are read from text.
 */
final class TlsAlerts {

    // The JDK's wording (sun.security.ssl.Alert): "Received fatal alert: handshake_failure".
    private static final Pattern RECEIVED = Pattern.compile("Received fatal alert: ([a-z_]+)");

    private TlsAlerts() {
    }

    /** The RFC 8446 name of the alert the upstream sent, or null when the failure was not one. */
    static String received(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                Matcher matcher = RECEIVED.matcher(t.getMessage());
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** What the alert usually means from the proxy's side, or null when there is nothing useful to add. */
    static String meaning(String alert, UpstreamTls tls, String expectedName) {
        return switch (alert) {
            case "handshake_failure" ->
                    "no TLS version or cipher suite in common, or it requires a client certificate";
            case "protocol_version" -> "it accepts none of the TLS versions the proxy offers";
            case "insufficient_security" -> "it accepts none of the cipher suites the proxy offers";
            case "unrecognized_name" -> "it does not serve the name " + expectedName + " (check "
                    + tls.key("sni") + ")";
            case "certificate_required", "bad_certificate", "unknown_ca" ->
                    "it requires a client certificate, and the proxy sends none";
            case "access_denied" -> "it refuses connections from this proxy";
            case "internal_error" -> "its TLS stack failed; check the upstream's own logs";
            default -> null;
        };
    }
}
