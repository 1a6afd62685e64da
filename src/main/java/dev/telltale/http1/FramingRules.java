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

    /**
     * The Content-Length value {@code head[from, to)}, read without making text: optional whitespace,
     * 1 to 18 digits and nothing else (no sign, no list, no spaces inside), optional whitespace; -1 otherwise.
     */
    public static long contentLength(byte[] head, int from, int to) {
        from = FieldSyntax.valueStart(head, from, to);
        to = FieldSyntax.valueEnd(head, from, to);
        if (to == from || to - from > MAX_LENGTH_DIGITS) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            if (head[i] < '0' || head[i] > '9') {
                return -1;
            }
            n = n * 10 + (head[i] - '0');
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
