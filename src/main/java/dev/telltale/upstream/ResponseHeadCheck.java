package dev.telltale.upstream;

import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.failure.UpstreamFailure;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * The strict reading of a response head (RFC 9112) that Netty's lenient decoder does not do:
 * a TLS record where HTTP was expected, bytes that are not a status line, header lines without
 * a colon or with whitespace before it, obs-fold, bare CR or LF, control bytes, and framing that
 * two parsers could read two ways (Content-Length with Transfer-Encoding, differing lengths).
 * Pure function over bytes; returns null when the head is acceptable.
 */
final class ResponseHeadCheck {

    private static final int SAMPLE = 24;

    private ResponseHeadCheck() {
    }

    /** Judges the first bytes before the head is complete: TLS, or not HTTP at all. */
    static UpstreamFailure ofStart(ByteBuf buf) {
        int start = buf.readerIndex();
        int readable = buf.readableBytes();
        if (readable == 0) {
            return null;
        }
        int first = buf.getUnsignedByte(start);
        if ((first == 0x15 || first == 0x16) && (readable < 2 || buf.getUnsignedByte(start + 1) == 0x03)) {
            String what = first == 0x15 ? "a TLS alert" : "a TLS handshake record";
            return failure(Failure.TLS_PROTOCOL_ERROR, "upstream answered with " + what
                    + " where plain HTTP was expected: it speaks TLS on this port (set tls.enabled: true)");
        }
        byte[] prefix = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < Math.min(readable, prefix.length); i++) {
            if (buf.getByte(start + i) != prefix[i]) {
                return failure(Failure.HTTP_PROTOCOL_ERROR,
                        "upstream sent " + sample(buf) + " where a status line was expected");
            }
        }
        return null;
    }

    /**
     * Judges a complete head, {@code length} bytes from the reader index, ending with CRLF CRLF.
     * Reads one copy of the bytes: text is made only for a detail line when the head is rejected.
     */
    static UpstreamFailure ofHead(ByteBuf buf, int length) {
        byte[] head = new byte[length];
        buf.getBytes(buf.readerIndex(), head);
        int end = length - 4;
        String contentLength = null;
        boolean transferEncoding = false;
        int lineStart = 0;
        boolean statusLine = true;
        while (true) {
            int lineEnd = crlf(head, lineStart, end);
            int colon = statusLine ? -1 : indexOf(head, lineStart, lineEnd, ':');
            UpstreamFailure failure = checkBytes(head, lineStart, lineEnd);
            if (failure == null) {
                failure = statusLine
                        ? checkStatusLine(head, lineStart, lineEnd)
                        : checkHeaderLine(head, lineStart, lineEnd, colon);
            }
            if (failure != null) {
                return failure;
            }
            if (!statusLine) {
                if (nameIs(head, lineStart, colon, "content-length")) {
                    for (String part : text(head, colon + 1, lineEnd).split(",", -1)) {
                        String one = part.trim();
                        if (contentLength != null && !contentLength.equals(one)) {
                            return failure(Failure.HTTP_PROTOCOL_ERROR,
                                    "conflicting Content-Length values " + contentLength + " and " + one);
                        }
                        contentLength = one;
                    }
                } else if (nameIs(head, lineStart, colon, "transfer-encoding")) {
                    transferEncoding = true;
                }
            }
            if (lineEnd >= end) {
                break;
            }
            lineStart = lineEnd + 2;
            statusLine = false;
        }
        if (contentLength != null && transferEncoding) {
            return failure(Failure.HTTP_PROTOCOL_ERROR,
                    "response has both Content-Length and Transfer-Encoding (its length is ambiguous)");
        }
        return null;
    }

    /** The index of the next CR LF at or after {@code from}, or {@code end} when there is none. */
    private static int crlf(byte[] head, int from, int end) {
        for (int i = from; i < end - 1; i++) {
            if (head[i] == '\r' && head[i + 1] == '\n') {
                return i;
            }
        }
        return end;
    }

    private static int indexOf(byte[] head, int from, int to, char c) {
        for (int i = from; i < to; i++) {
            if (head[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** Bare CR or LF, and control bytes other than tab, are never allowed in a line. */
    private static UpstreamFailure checkBytes(byte[] head, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = head[i] & 0xff;
            if (c == '\r' || c == '\n') {
                return failure(Failure.HTTP_PROTOCOL_ERROR, "response head has a bare "
                        + (c == '\r' ? "CR" : "LF") + " in " + quote(text(head, from, to)));
            }
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return failure(Failure.HTTP_PROTOCOL_ERROR,
                        "response head has a control byte in " + quote(text(head, from, to)));
            }
        }
        return null;
    }

    /** {@code HTTP/1.0} or {@code HTTP/1.1}, a space, a status 100-999, then nothing or a space and a reason. */
    private static UpstreamFailure checkStatusLine(byte[] head, int from, int to) {
        int n = to - from;
        boolean valid = n >= 12 && startsWith(head, from, "HTTP/1.")
                && (head[from + 7] == '0' || head[from + 7] == '1')
                && head[from + 8] == ' '
                && between(head[from + 9], '1', '9')
                && between(head[from + 10], '0', '9')
                && between(head[from + 11], '0', '9')
                && (n == 12 || head[from + 12] == ' ');
        return valid ? null : failure(Failure.HTTP_PROTOCOL_ERROR,
                "upstream sent an invalid status line " + quote(text(head, from, to)));
    }

    private static UpstreamFailure checkHeaderLine(byte[] head, int from, int to, int colon) {
        byte first = from < to ? head[from] : 0;
        if (first == ' ' || first == '\t') {
            return failure(Failure.HTTP_PROTOCOL_ERROR,
                    "response header folded over lines (obs-fold): " + quote(text(head, from, to)));
        }
        if (colon <= from) {
            return failure(Failure.HTTP_PROTOCOL_ERROR,
                    "response header line without a name and colon: " + quote(text(head, from, to)));
        }
        for (int i = from; i < colon; i++) {
            if (!isTokenChar(head[i] & 0xff)) {
                return failure(Failure.HTTP_PROTOCOL_ERROR,
                        "invalid response header name " + quote(text(head, from, colon)));
            }
        }
        return null;
    }

    private static final boolean[] TOKEN = tokenChars();

    private static boolean[] tokenChars() {
        boolean[] token = new boolean[256];
        for (int c = 0x21; c < 0x7f; c++) {
            token[c] = "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
        }
        return token;
    }

    private static boolean isTokenChar(int c) {
        return TOKEN[c];
    }

    private static boolean nameIs(byte[] head, int from, int colon, String lowerName) {
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

    private static String text(byte[] head, int from, int to) {
        return new String(head, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static UpstreamFailure failure(Failure failure, String detail) {
        return UpstreamFailure.afterSending(failure, Phase.RESPONSE_HEAD, detail);
    }

    /** The first bytes as printable text, for a detail line a person can read. */
    static String sample(ByteBuf buf) {
        int n = Math.min(SAMPLE, buf.readableBytes());
        return quote(buf.toString(buf.readerIndex(), n, StandardCharsets.ISO_8859_1)
                + (buf.readableBytes() > SAMPLE ? "..." : ""));
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        int limit = Math.min(text.length(), 60);
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
