package dev.telltale.diagnostics;

import dev.telltale.config.DetailLevel;

/**
 * The {@code Proxy-Status} header value of RFC 9209, in the Structured Field syntax of RFC 8941:
 * {@code telltale; error=connection_refused; details="the application refused the connection"}.
 */
public final class ProxyStatus {

    public static final String HEADER = "Proxy-Status";
    /** This proxy's name in the header: an sf-token. */
    public static final String PROXY_NAME = "telltale";
    /** Exception text can be long; a header need not carry all of it (the incident keeps it whole). */
    static final int MAX_DETAILS = 256;

    private ProxyStatus() {
    }

    /** {@code details} is the class's summary at safe detail and the observed detail at full. */
    public static String format(ErrorReport report, DetailLevel level) {
        VisibleReport visible = VisibleReport.of(report, level);
        // The container's cause leads: it is what the detail alone cannot tell.
        String details = visible.causeShort() == null ? visible.detail() : visible.causeShort() + "; " + visible.detail();
        if (visible.heldMs() != null) {
            details = details + "; held " + visible.heldMs() + " ms";
        }
        return PROXY_NAME + "; error=" + report.failure().wireName() + "; details=" + sfString(details);
    }

    /**
     * An RFC 8941 sf-string: quoted, with {@code \} and {@code "} escaped. Only printable ASCII
     * (0x20-0x7E) is allowed there, so anything else becomes {@code ?}, which also keeps CR/LF
     * out of the header.
     */
    static String sfString(String text) {
        String value = text.length() > MAX_DETAILS ? text.substring(0, MAX_DETAILS - 3) + "..." : text;
        StringBuilder out = new StringBuilder(value.length() + 8).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '"') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c <= 0x7E) {
                out.append(c);
            } else {
                out.append('?');
            }
        }
        return out.append('"').toString();
    }
}
