package dev.telltale.upstream;

import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.failure.UpstreamFailure;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

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

    /** Judges a complete head, {@code length} bytes from the reader index, ending with CRLF CRLF. */
    static UpstreamFailure ofHead(ByteBuf buf, int length) {
        String head = buf.toString(buf.readerIndex(), length, StandardCharsets.ISO_8859_1);
        String[] lines = head.substring(0, head.length() - 4).split("\r\n", -1);
        for (String line : lines) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\r' || c == '\n') {
                    return failure(Failure.HTTP_PROTOCOL_ERROR, "response head has a bare "
                            + (c == '\r' ? "CR" : "LF") + " in " + quote(line));
                }
                if (c < 0x20 && c != '\t' || c == 0x7f) {
                    return failure(Failure.HTTP_PROTOCOL_ERROR, "response head has a control byte in " + quote(line));
                }
            }
        }
        if (!lines[0].matches("HTTP/1\\.[01] [1-9][0-9][0-9]( .*)?")) {
            return failure(Failure.HTTP_PROTOCOL_ERROR, "upstream sent an invalid status line " + quote(lines[0]));
        }
        String contentLength = null;
        boolean transferEncoding = false;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith(" ") || line.startsWith("\t")) {
                return failure(Failure.HTTP_PROTOCOL_ERROR, "response header folded over lines (obs-fold): " + quote(line));
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                return failure(Failure.HTTP_PROTOCOL_ERROR, "response header line without a name and colon: " + quote(line));
            }
            String name = line.substring(0, colon);
            if (!isToken(name)) {
                return failure(Failure.HTTP_PROTOCOL_ERROR, "invalid response header name " + quote(name));
            }
            String value = line.substring(colon + 1).trim();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-length")) {
                for (String part : value.split(",")) {
                    String one = part.trim();
                    if (contentLength != null && !contentLength.equals(one)) {
                        return failure(Failure.HTTP_PROTOCOL_ERROR,
                                "conflicting Content-Length values " + contentLength + " and " + one);
                    }
                    contentLength = one;
                }
            } else if (lower.equals("transfer-encoding")) {
                transferEncoding = true;
            }
        }
        if (contentLength != null && transferEncoding) {
            return failure(Failure.HTTP_PROTOCOL_ERROR,
                    "response has both Content-Length and Transfer-Encoding (its length is ambiguous)");
        }
        return null;
    }

    private static boolean isToken(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
            if (!ok) {
                return false;
            }
        }
        return !name.isEmpty();
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
