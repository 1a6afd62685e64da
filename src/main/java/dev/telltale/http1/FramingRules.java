package dev.telltale.http1;

import java.util.Locale;

/**
 * How a message's body is framed (RFC 9112 §6): the rules the request side and the upstream side
 * share, strict where parsers are known to disagree.
 */
public final class FramingRules {

    private static final int MAX_LENGTH_DIGITS = 18;

    private FramingRules() {
    }

    /** A Content-Length value: 1 to 18 digits and nothing else (no sign, no list, no spaces inside); -1 otherwise. */
    public static long contentLength(String value) {
        if (value.isEmpty() || value.length() > MAX_LENGTH_DIGITS) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /**
     * Only chunked alone is accepted as a Transfer-Encoding (all of a message's codings, joined):
     * another coding would reach the other side undeclared once the proxy re-frames the body, and
     * two chunked codings are read two ways.
     */
    public static boolean isChunkedAlone(String codings) {
        return codings.trim().toLowerCase(Locale.ROOT).equals("chunked");
    }

    /** 1xx, 204 and 304 responses have no body whatever their headers say (RFC 9112 §6.3). */
    public static boolean responseHasBody(int status) {
        return status >= 200 && status != 204 && status != 304;
    }
}
