package dev.telltale.http1;

import java.nio.charset.StandardCharsets;

/**
 * The syntax of the lines of a message head (RFC 9112 §2.2 and §5, RFC 9110 §5.6.2), judged on
 * raw bytes, the same way for requests and responses. Each check returns what is wrong as a sentence
 * for a log line (naming {@code side}, "request" or "response"), or null.
 */
public final class FieldSyntax {

    private static final int QUOTE_LIMIT = 60;
    private static final boolean[] TOKEN = tokenChars();

    private FieldSyntax() {
    }

    /** Bare CR or LF, and control bytes other than tab, are never allowed in a line. */
    public static String checkBytes(byte[] head, int from, int to, String side) {
        for (int i = from; i < to; i++) {
            int c = head[i] & 0xff;
            // One test for the usual byte; CR and LF are control bytes too, named apart.
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return c == '\r' || c == '\n'
                        ? side + " head has a bare " + (c == '\r' ? "CR" : "LF") + " in " + quote(text(head, from, to))
                        : side + " head has a control byte in " + quote(text(head, from, to));
            }
        }
        return null;
    }

    /** The index of the next CR LF at or after {@code from}, or {@code end} when there is none before it. */
    public static int crlf(byte[] head, int from, int end) {
        for (int i = from; i < end - 1; i++) {
            if (head[i] == '\r' && head[i + 1] == '\n') {
                return i;
            }
        }
        return end;
    }

    /** The index of the first colon in the line, or -1. */
    public static int colon(byte[] head, int from, int to) {
        return indexOf(head, from, to, ':');
    }

    /** The index of the first {@code c} in {@code head[from, to)}, or -1. */
    static int indexOf(byte[] head, int from, int to, char c) {
        for (int i = from; i < to; i++) {
            if (head[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** Where a field value in {@code head[from, to)} starts, past the optional whitespace before it. */
    static int valueStart(byte[] head, int from, int to) {
        while (from < to && (head[from] == ' ' || head[from] == '\t')) {
            from++;
        }
        return from;
    }

    /** Where a field value that starts at {@code from} ends, before the optional whitespace after it. */
    static int valueEnd(byte[] head, int from, int to) {
        while (to > from && (head[to - 1] == ' ' || head[to - 1] == '\t')) {
            to--;
        }
        return to;
    }

    /**
     * A field line: no obs-fold, a token for a name, the colon right after it (whitespace before
     * the colon is refused, RFC 9112 §5.1). {@code colon} is from {@link #colon}.
     */
    public static String checkField(byte[] head, int from, int to, int colon, String side) {
        byte first = from < to ? head[from] : 0;
        if (first == ' ' || first == '\t') {
            return side + " header folded over lines (obs-fold): " + quote(text(head, from, to));
        }
        if (colon <= from) {
            return side + " header line without a name and colon: " + quote(text(head, from, to));
        }
        for (int i = from; i < colon; i++) {
            if (!isToken(head[i] & 0xff)) {
                return "invalid " + side + " header name " + quote(text(head, from, colon));
            }
        }
        return null;
    }

    /** The field value between {@code from} and {@code to}, without the optional whitespace around it. */
    public static String value(byte[] head, int from, int to) {
        int start = valueStart(head, from, to);
        return text(head, start, valueEnd(head, start, to));
    }

    /** Whether the name {@code head[from, colon)} is {@code lowerName} (ASCII bytes), ignoring ASCII case. */
    public static boolean nameIs(byte[] head, int from, int colon, byte[] lowerName) {
        if (colon - from != lowerName.length) {
            return false;
        }
        for (int i = 0; i < lowerName.length; i++) {
            int c = head[from + i];
            if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != lowerName[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether the name {@code head[from, colon)} is {@code lowerName}, ignoring ASCII case. */
    public static boolean nameIs(byte[] head, int from, int colon, String lowerName) {
        if (colon - from != lowerName.length()) {
            return false;
        }
        for (int i = 0; i < lowerName.length(); i++) {
            int c = head[from + i];
            if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** tchar of RFC 9110 §5.6.2. */
    public static boolean isToken(int c) {
        return c < 256 && TOKEN[c];
    }

    private static boolean[] tokenChars() {
        boolean[] token = new boolean[256];
        for (int c = 0x21; c < 0x7f; c++) {
            token[c] = "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
        }
        return token;
    }

    public static String text(byte[] head, int from, int to) {
        return new String(head, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** Printable, quoted and cut short, so that hostile bytes cannot forge a log line or a page. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        int limit = Math.min(text.length(), QUOTE_LIMIT);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c == '"' ? "\\\"" : String.valueOf(c));
            } else {
                out.append(String.format("\\x%02x", (int) c & 0xff));
            }
        }
        return out.append(text.length() > limit ? "...\"" : "\"").toString();
    }
}
