package dev.telltale.upstream;

/** What a fatal alert the upstream sent during a handshake means, for the page. */
final class TlsAlerts {

    private TlsAlerts() {
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
