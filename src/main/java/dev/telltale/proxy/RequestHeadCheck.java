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
    record Verdict(String rejection, String method, String target, long contentLength, boolean chunked) {

        static Verdict rejected(String why, String method, String target) {
            return new Verdict(why, method, target, -1, false);
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
            return Verdict.rejected(bad, line.method(), line.target());
        }
        boolean http10 = line.version().equals("HTTP/1.0");
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
                return Verdict.rejected(bad, line.method(), line.target());
            }
            String value = FieldSyntax.value(head, colon + 1, lineEnd);
            if (FieldSyntax.nameIs(head, lineStart, colon, "content-length")) {
                if (lengthSeen) {
                    return Verdict.rejected("more than one Content-Length header", line.method(), line.target());
                }
                lengthSeen = true;
                contentLength = length(value);
                if (contentLength < 0) {
                    return Verdict.rejected("invalid Content-Length " + FieldSyntax.quote(value), line.method(),
                            line.target());
                }
            } else if (FieldSyntax.nameIs(head, lineStart, colon, "transfer-encoding")) {
                codings = codings == null ? new StringBuilder(value) : codings.append(',').append(value);
            } else if (FieldSyntax.nameIs(head, lineStart, colon, "host")) {
                hosts++;
                if (!isHost(value)) {
                    return Verdict.rejected("invalid Host " + FieldSyntax.quote(value), line.method(), line.target());
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
                return Verdict.rejected(why, line.method(), line.target());
            }
        }
        if (hosts > 1) {
            return Verdict.rejected("more than one Host header", line.method(), line.target());
        }
        return new Verdict(null, line.method(), line.target(), contentLength, codings != null);
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

    /** The request line's three parts, and what is wrong with it (null when nothing). */
    record RequestLine(String method, String target, String version, String problem) {

        static RequestLine parse(byte[] head, int end) {
            int firstSpace = indexOf(head, 0, end, ' ');
            int secondSpace = firstSpace < 0 ? -1 : indexOf(head, firstSpace + 1, end, ' ');
            String method = firstSpace > 0 ? printable(head, 0, firstSpace) : "-";
            String target = secondSpace > firstSpace + 1 ? printable(head, firstSpace + 1, secondSpace) : "-";
            String whole = FieldSyntax.quote(new String(head, 0, end, StandardCharsets.ISO_8859_1));
            if (firstSpace <= 0 || secondSpace < 0 || indexOf(head, secondSpace + 1, end, ' ') >= 0) {
                return new RequestLine(method, target, "", "invalid request line " + whole
                        + " (expected METHOD SP TARGET SP HTTP/1.1)");
            }
            for (int i = 0; i < firstSpace; i++) {
                if (!FieldSyntax.isToken(head[i] & 0xff)) {
                    return new RequestLine("-", target, "", "invalid method in " + whole);
                }
            }
            if (secondSpace == firstSpace + 1) {
                return new RequestLine(method, target, "", "empty request target in " + whole);
            }
            for (int i = firstSpace + 1; i < secondSpace; i++) {
                int c = head[i] & 0xff;
                if (c <= 0x20 || c >= 0x7f) {
                    return new RequestLine(method, "-", "", "invalid byte in the request target of " + whole);
                }
            }
            String version = new String(head, secondSpace + 1, end - secondSpace - 1, StandardCharsets.ISO_8859_1);
            if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
                return new RequestLine(method, target, version, "unsupported or invalid HTTP version "
                        + FieldSyntax.quote(version) + " (HTTP/1.1 and HTTP/1.0 are served here)");
            }
            return new RequestLine(method, target, version, null);
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
