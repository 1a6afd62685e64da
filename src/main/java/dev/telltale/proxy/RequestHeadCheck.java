package dev.telltale.proxy;

import dev.telltale.upstream.FieldSyntax;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The strict reading of a request head (RFC 9112) over its raw bytes, which Netty's lenient
 * decoder does not do: it folds obs-fold lines, trims whitespace before a colon, and drops
 * Content-Length when Transfer-Encoding is also there, so a request that two parsers could read
 * two ways would pass. Pure function; {@link Verdict#rejection()} is null for an acceptable head.
 */
final class RequestHeadCheck {

    /** HAProxy's default too: a hundred fields is far beyond what browsers and APIs send. */
    static final int MAX_HEADERS = 100;
    private static final int MAX_LENGTH_DIGITS = 18;

    private RequestHeadCheck() {
    }

    /** What the head says about its framing, or why it is refused. */
    record Verdict(String rejection, RequestLine line, long contentLength, boolean chunked) {

        static Verdict rejected(String why, RequestLine line) {
            return new Verdict(why, line, -1, false);
        }

        /** The method as text when it is printable, else a dash: made only when asked (for a log line). */
        String method() {
            return line.method();
        }

        String target() {
            return line.target();
        }
    }

    /** Judges {@code head[0, length)}, which ends with CR LF CR LF and starts with the request line. */
    static Verdict check(byte[] head, int length) {
        int end = length - 4;
        int lineEnd = FieldSyntax.crlf(head, 0, end);
        String bad = FieldSyntax.checkBytes(head, 0, lineEnd, "request");
        RequestLine line = RequestLine.parse(head, lineEnd);
        if (bad == null) {
            bad = line.problem();
        }
        if (bad != null) {
            return Verdict.rejected(bad, line);
        }
        boolean http10 = line.http10();
        long contentLength = -1;
        boolean lengthSeen = false;
        StringBuilder codings = null;
        int hosts = 0;
        int fields = 0;
        int lineStart = lineEnd + 2;
        while (lineStart < end + 2 && lineEnd < end) {
            lineEnd = FieldSyntax.crlf(head, lineStart, end);
            bad = FieldSyntax.checkBytes(head, lineStart, lineEnd, "request");
            int colon = bad == null ? FieldSyntax.colon(head, lineStart, lineEnd) : -1;
            if (bad == null) {
                bad = FieldSyntax.checkField(head, lineStart, lineEnd, colon, "request");
            }
            if (bad == null && ++fields > MAX_HEADERS) {
                bad = "more than " + MAX_HEADERS + " header fields";
            }
            if (bad != null) {
                return Verdict.rejected(bad, line);
            }
            // Values are made into text only for the three fields that frame or route the request.
            if (FieldSyntax.nameIs(head, lineStart, colon, "content-length")) {
                String value = FieldSyntax.value(head, colon + 1, lineEnd);
                if (lengthSeen) {
                    return Verdict.rejected("more than one Content-Length header", line);
                }
                lengthSeen = true;
                contentLength = length(value);
                if (contentLength < 0) {
                    return Verdict.rejected("invalid Content-Length " + FieldSyntax.quote(value), line);
                }
            } else if (FieldSyntax.nameIs(head, lineStart, colon, "transfer-encoding")) {
                String value = FieldSyntax.value(head, colon + 1, lineEnd);
                codings = codings == null ? new StringBuilder(value) : codings.append(',').append(value);
            } else if (FieldSyntax.nameIs(head, lineStart, colon, "host")) {
                String value = FieldSyntax.value(head, colon + 1, lineEnd);
                hosts++;
                if (!isHost(value)) {
                    return Verdict.rejected("invalid Host " + FieldSyntax.quote(value), line);
                }
            }
            lineStart = lineEnd + 2;
        }
        if (codings != null) {
            String why = http10 ? "Transfer-Encoding in an HTTP/1.0 request (its framing cannot be trusted)"
                    : !isChunkedAlone(codings.toString()) ? "Transfer-Encoding " + FieldSyntax.quote(codings.toString())
                            + " is not chunked alone (no other coding is accepted)"
                    : lengthSeen ? "both Content-Length and Transfer-Encoding (the body length is ambiguous)"
                    : null;
            if (why != null) {
                return Verdict.rejected(why, line);
            }
        }
        if (hosts > 1) {
            return Verdict.rejected("more than one Host header", line);
        }
        return new Verdict(null, line, contentLength, codings != null);
    }

    /** 1 to 18 digits and nothing else: no sign, no list, no spaces inside. -1 otherwise. */
    private static long length(String value) {
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

    private static boolean isChunkedAlone(String codings) {
        return codings.trim().toLowerCase(Locale.ROOT).equals("chunked");
    }

    /** uri-host [":" port]: a name, an IPv4 address or a bracketed IPv6 one; never userinfo, a path or spaces. */
    static boolean isHost(String value) {
        if (value.isEmpty()) {
            return true; // RFC 9112 allows an empty Host when the target has no authority
        }
        int portFrom = value.startsWith("[") ? value.indexOf(']') + 1 : value.lastIndexOf(':');
        if (value.startsWith("[") && portFrom == 0) {
            return false;
        }
        String host = portFrom > 0 && portFrom < value.length() && value.charAt(portFrom) == ':'
                ? value.substring(0, portFrom) : value;
        String port = host.length() < value.length() ? value.substring(host.length() + 1) : "";
        for (int i = 0; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9' || i >= 5) {
                return false;
            }
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '%'
                    || (host.startsWith("[") && (c == ':' || c == '[' || c == ']'));
            if (!ok) {
                return false;
            }
        }
        return !host.isEmpty();
    }

    /** The request line's three parts, found by index; text is made only for a log line or a refusal. */
    static final class RequestLine {

        private static final byte[] HTTP_1 = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);

        private final byte[] head;
        private final int end;
        private final int firstSpace;
        private final int secondSpace;
        private final String problem;

        private RequestLine(byte[] head, int end) {
            this.head = head;
            this.end = end;
            this.firstSpace = indexOf(head, 0, end, ' ');
            this.secondSpace = firstSpace < 0 ? -1 : indexOf(head, firstSpace + 1, end, ' ');
            this.problem = judge();
        }

        static RequestLine parse(byte[] head, int end) {
            return new RequestLine(head, end);
        }

        String problem() {
            return problem;
        }

        boolean http10() {
            return head[end - 1] == '0';
        }

        String method() {
            return firstSpace > 0 && methodIsToken() ? printable(head, 0, firstSpace) : "-";
        }

        String target() {
            return secondSpace > firstSpace + 1 ? printable(head, firstSpace + 1, secondSpace) : "-";
        }

        private String judge() {
            if (firstSpace <= 0 || secondSpace < 0 || indexOf(head, secondSpace + 1, end, ' ') >= 0) {
                return "invalid request line " + whole() + " (expected METHOD SP TARGET SP HTTP/1.1)";
            }
            if (!methodIsToken()) {
                return "invalid method in " + whole();
            }
            if (secondSpace == firstSpace + 1) {
                return "empty request target in " + whole();
            }
            for (int i = firstSpace + 1; i < secondSpace; i++) {
                int c = head[i] & 0xff;
                if (c <= 0x20 || c >= 0x7f) {
                    return "invalid byte in the request target of " + whole();
                }
            }
            int version = secondSpace + 1;
            boolean http1x = end - version == HTTP_1.length + 1 && java.util.Arrays.equals(head, version,
                    version + HTTP_1.length, HTTP_1, 0, HTTP_1.length) && (head[end - 1] == '0' || head[end - 1] == '1');
            return http1x ? null : "unsupported or invalid HTTP version "
                    + FieldSyntax.quote(FieldSyntax.text(head, version, end)) + " (HTTP/1.1 and HTTP/1.0 are served here)";
        }

        private boolean methodIsToken() {
            for (int i = 0; i < firstSpace; i++) {
                if (!FieldSyntax.isToken(head[i] & 0xff)) {
                    return false;
                }
            }
            return true;
        }

        private String whole() {
            return FieldSyntax.quote(FieldSyntax.text(head, 0, end));
        }

        private static int indexOf(byte[] head, int from, int to, char c) {
            for (int i = from; i < to; i++) {
                if (head[i] == c) {
                    return i;
                }
            }
            return -1;
        }

        /** The bytes as text when they are all visible ASCII, else a dash: they go into the log line. */
        private static String printable(byte[] head, int from, int to) {
            for (int i = from; i < to; i++) {
                if (head[i] <= 0x20 || head[i] >= 0x7f) {
                    return "-";
                }
            }
            return new String(head, from, to - from, StandardCharsets.ISO_8859_1);
        }
    }
}
