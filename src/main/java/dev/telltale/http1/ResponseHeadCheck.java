package dev.telltale.http1;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * The strict reading of a response head (RFC 9112) that Netty's lenient decoder does not do:
 * a TLS record where HTTP was expected, bytes that are not a status line, header lines without
 * a colon or with whitespace before it, obs-fold, bare CR or LF, control bytes, and framing that
 * two parsers could read two ways (Content-Length with Transfer-Encoding, differing lengths).
 * Pure function over bytes: a refused head is a {@link Violation}, TLS or a malformed head.
 */
public final class ResponseHeadCheck {

    private static final byte[] HTTP_1 = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);
    private static final int SAMPLE = 24;

    private ResponseHeadCheck() {
    }

    /** Judges the first bytes before the head is complete: TLS, or not HTTP at all. */
    public static Verdict ofStart(ByteBuf buf) {
        int start = buf.readerIndex();
        int readable = buf.readableBytes();
        if (readable == 0) {
            return Verdict.OK;
        }
        int first = buf.getUnsignedByte(start);
        if ((first == 0x15 || first == 0x16) && (readable < 2 || buf.getUnsignedByte(start + 1) == 0x03)) {
            String what = first == 0x15 ? "a TLS alert" : "a TLS handshake record";
            return Verdict.refused(Violation.TLS_RECORD, "upstream answered with " + what
                    + " where plain HTTP was expected: it speaks TLS on this port (set tls.enabled: true)");
        }
        for (int i = 0; i < Math.min(readable, HTTP_1.length); i++) {
            if (buf.getByte(start + i) != HTTP_1[i]) {
                return malformed("upstream sent " + sample(buf) + " where a status line was expected");
            }
        }
        return Verdict.OK;
    }

    /**
     * Judges a complete head, {@code length} bytes from the reader index, ending with CRLF CRLF.
     * Reads one copy of the bytes: text is made only for a detail line when the head is refused.
     */
    public static Verdict check(ByteBuf buf, int length) {
        return check(HeadScan.scratchCopy(buf, buf.readerIndex(), buf.readerIndex() + length), length, null);
    }

    /**
     * Judges the head {@code head[0, length)} and, in the same pass, records each line it finds in
     * {@code into} (when not null), which holds these very bytes: the head is walked once.
     */
    static Verdict check(byte[] head, int length, ResponseHead into) {
        int end = length - 4;
        String contentLength = null; // as text once a second value or a list needs comparing
        boolean lengthSeen = false;
        int lengthFrom = 0;
        int lengthTo = 0;
        boolean transferEncoding = false;
        boolean chunked = false;
        int lineStart = 0;
        boolean statusLine = true;
        while (true) {
            int lineEnd = FieldSyntax.crlf(head, lineStart, end);
            int colon = statusLine ? -1 : FieldSyntax.colon(head, lineStart, lineEnd);
            String bad = FieldSyntax.checkBytes(head, lineStart, lineEnd, "response");
            if (bad == null && !statusLine) {
                bad = FieldSyntax.checkField(head, lineStart, lineEnd, colon, "response");
            }
            if (bad != null) {
                return malformed(bad);
            }
            if (into != null && !statusLine) {
                into.addField(lineStart, colon, lineEnd);
            }
            if (statusLine) {
                String invalid = checkStatusLine(head, lineStart, lineEnd);
                if (invalid != null) {
                    return malformed(invalid);
                }
                if (into != null) {
                    into.statusLine(lineEnd);
                }
            } else if (FieldSyntax.nameIs(head, lineStart, colon, "content-length")) {
                if (!lengthSeen && FramingRules.contentLength(head, colon + 1, lineEnd) >= 0) {
                    // The usual case, read without making text: that is made only if another line comes.
                    lengthFrom = colon + 1;
                    lengthTo = lineEnd;
                } else {
                    String known = lengthSeen && contentLength == null
                            ? FieldSyntax.value(head, lengthFrom, lengthTo) : contentLength;
                    for (String part : FieldSyntax.text(head, colon + 1, lineEnd).split(",", -1)) {
                        String one = part.trim();
                        if (known != null && !known.equals(one)) {
                            return malformed("conflicting Content-Length values " + known + " and " + one);
                        }
                        known = one;
                    }
                    contentLength = known;
                }
                lengthSeen = true;
            } else if (FieldSyntax.nameIs(head, lineStart, colon, "transfer-encoding")) {
                String coding = FieldSyntax.value(head, colon + 1, lineEnd);
                // A second line is refused at once: together they are not chunked alone.
                if (transferEncoding || !FramingRules.isChunkedAlone(coding)) {
                    return malformed("response Transfer-Encoding " + FieldSyntax.quote(coding)
                            + " is not chunked alone");
                }
                transferEncoding = true;
                chunked = true;
            }
            if (lineEnd >= end) {
                break;
            }
            lineStart = lineEnd + 2;
            statusLine = false;
        }
        if (lengthSeen && transferEncoding) {
            return malformed("response has both Content-Length and Transfer-Encoding (its length is ambiguous)");
        }
        int status = (head[9] - '0') * 100 + (head[10] - '0') * 10 + (head[11] - '0');
        return Verdict.ok(-1, chunked && FramingRules.responseHasBody(status));
    }

    /** {@code HTTP/1.0} or {@code HTTP/1.1}, a space, a status 100-999, then nothing or a space and a reason. */
    private static String checkStatusLine(byte[] head, int from, int to) {
        int n = to - from;
        boolean valid = n >= 12 && startsWith(head, from, "HTTP/1.")
                && (head[from + 7] == '0' || head[from + 7] == '1')
                && head[from + 8] == ' '
                && between(head[from + 9], '1', '9')
                && between(head[from + 10], '0', '9')
                && between(head[from + 11], '0', '9')
                && (n == 12 || head[from + 12] == ' ');
        return valid ? null
                : "upstream sent an invalid status line " + FieldSyntax.quote(FieldSyntax.text(head, from, to));
    }

    private static boolean startsWith(byte[] head, int from, String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (head[from + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean between(byte b, char low, char high) {
        return b >= low && b <= high;
    }

    private static Verdict malformed(String detail) {
        return Verdict.refused(Violation.MALFORMED_HEAD, detail);
    }

    /** The first bytes as printable text, for a detail line a person can read. */
    static String sample(ByteBuf buf) {
        int n = Math.min(SAMPLE, buf.readableBytes());
        return FieldSyntax.quote(buf.toString(buf.readerIndex(), n, StandardCharsets.ISO_8859_1)
                + (buf.readableBytes() > SAMPLE ? "..." : ""));
    }
}
