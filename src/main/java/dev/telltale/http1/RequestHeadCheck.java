package dev.telltale.http1;

import java.nio.charset.StandardCharsets;

/**
 * The strict reading of a request head (RFC 9112) over its raw bytes, which Netty's lenient
 * decoder does not do: it folds obs-fold lines, trims whitespace before a colon, and drops
 * Content-Length when Transfer-Encoding is also there, so a request that two parsers could read
 * two ways would pass. Pure function: a refused head is a {@link Violation#MALFORMED_HEAD}.
 */
public final class RequestHeadCheck {

    /** HAProxy's default too: a hundred fields is far beyond what browsers and APIs send. */
    public static final int MAX_HEADERS = 100;

    private RequestHeadCheck() {
    }

    /** As {@link #check(byte[], int, int)}, with room for sixteen fields before the table grows. */
    public static RequestHead check(byte[] head, int length) {
        return check(head, length, 16);
    }

    /**
     * Judges {@code head[0, length)}, which ends with CR LF CR LF and starts with the request line,
     * and reads it into a view in the same pass. The view keeps {@code head}: it must be the head's own.
     * Its field table starts with room for {@code fieldCapacity} fields and grows if it must.
     */
    public static RequestHead check(byte[] head, int length, int fieldCapacity) {
        return check(head, length, fieldCapacity, new RepeatedValues());
    }

    /** As {@link #check(byte[], int, int)}, for a head of a connection that keeps its {@code repeated} texts. */
    public static RequestHead check(byte[] head, int length, int fieldCapacity, RepeatedValues repeated) {
        int end = length - 4;
        int lineEnd = FieldSyntax.crlf(head, 0, end);
        String bad = FieldSyntax.checkBytes(head, 0, lineEnd, "request");
        RequestLine line = RequestLine.parse(head, lineEnd);
        RequestHead view = new RequestHead(head, length, line, fieldCapacity, repeated);
        if (bad == null) {
            bad = line.problem();
        }
        if (bad != null) {
            return refused(view, bad);
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
                return refused(view, bad);
            }
            view.addField(lineStart, colon, lineEnd);
            // Values are made into text only for the three fields that frame or route the request.
            if (FieldSyntax.nameIs(head, lineStart, colon, "content-length")) {
                if (lengthSeen) {
                    return refused(view, "more than one Content-Length header");
                }
                lengthSeen = true;
                contentLength = FramingRules.contentLength(head, colon + 1, lineEnd);
                if (contentLength < 0) {
                    return refused(view, "invalid Content-Length "
                            + FieldSyntax.quote(FieldSyntax.value(head, colon + 1, lineEnd)));
                }
            } else if (FieldSyntax.nameIs(head, lineStart, colon, "transfer-encoding")) {
                String value = FieldSyntax.value(head, colon + 1, lineEnd);
                codings = codings == null ? new StringBuilder(value) : codings.append(',').append(value);
            } else if (FieldSyntax.nameIs(head, lineStart, colon, "host")) {
                hosts++;
                if (!HostSyntax.isHost(head, colon + 1, lineEnd)) {
                    return refused(view, "invalid Host " + FieldSyntax.quote(FieldSyntax.value(head, colon + 1, lineEnd)));
                }
            }
            lineStart = lineEnd + 2;
        }
        if (codings != null) {
            String why = http10 ? "Transfer-Encoding in an HTTP/1.0 request (its framing cannot be trusted)"
                    : !FramingRules.isChunkedAlone(codings.toString()) ? "Transfer-Encoding "
                            + FieldSyntax.quote(codings.toString()) + " is not chunked alone (no other coding is accepted)"
                    : lengthSeen ? "both Content-Length and Transfer-Encoding (the body length is ambiguous)"
                    : null;
            if (why != null) {
                return refused(view, why);
            }
        }
        // The one place that refuses a second Host: the decoded request is not checked for it again.
        if (hosts > 1) {
            return refused(view, "more than one Host header");
        }
        view.judged(Verdict.ok(contentLength, codings != null));
        return view;
    }

    private static RequestHead refused(RequestHead view, String why) {
        view.judged(Verdict.refused(Violation.MALFORMED_HEAD, why));
        return view;
    }

    /** uri-host [":" port]: a name, an IPv4 address or a bracketed IPv6 one; never userinfo, a path or spaces. */
    public static boolean isHost(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
        return HostSyntax.isHost(bytes, 0, bytes.length);
    }
}
