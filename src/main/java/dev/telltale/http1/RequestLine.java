package dev.telltale.http1;

import io.netty.handler.codec.http.HttpMethod;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The request line's three parts, found by index; text is made only for a log line or a refusal. */
public final class RequestLine {

    private static final byte[] HTTP_1 = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);

    private static final HttpMethod[] KNOWN = {HttpMethod.GET, HttpMethod.POST, HttpMethod.HEAD, HttpMethod.PUT,
        HttpMethod.DELETE, HttpMethod.OPTIONS, HttpMethod.PATCH, HttpMethod.TRACE, HttpMethod.CONNECT};
    private static final byte[][] KNOWN_NAMES = Arrays.stream(KNOWN)
            .map(method -> method.name().getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

    private final byte[] head;
    private final int end;
    private final int firstSpace;
    private final int secondSpace;
    private final String problem;

    private RequestLine(byte[] head, int end) {
        this.head = head;
        this.end = end;
        this.firstSpace = FieldSyntax.indexOf(head, 0, end, ' ');
        this.secondSpace = firstSpace < 0 ? -1 : FieldSyntax.indexOf(head, firstSpace + 1, end, ' ');
        this.problem = judge();
    }

    /** The line {@code head[0, end)}, without its CR LF. */
    static RequestLine parse(byte[] head, int end) {
        return new RequestLine(head, end);
    }

    /** What is wrong with the line, or null. */
    String problem() {
        return problem;
    }

    boolean http10() {
        return head[end - 1] == '0';
    }

    /** The method as text when it is printable, else a dash: made only when asked (for a log line). */
    public String method() {
        return firstSpace > 0 && methodIsToken() ? printable(head, 0, firstSpace) : "-";
    }

    /** The method of an accepted line: one of Netty's constants for the usual ones, with no text made. */
    HttpMethod httpMethod() {
        for (int i = 0; i < KNOWN.length; i++) {
            // Methods are case-sensitive (RFC 9110 §9.1): "get" is not GET.
            if (Arrays.equals(head, 0, firstSpace, KNOWN_NAMES[i], 0, KNOWN_NAMES[i].length)) {
                return KNOWN[i];
            }
        }
        return HttpMethod.valueOf(FieldSyntax.text(head, 0, firstSpace));
    }

    public String target() {
        return secondSpace > firstSpace + 1 ? printable(head, firstSpace + 1, secondSpace) : "-";
    }

    private String judge() {
        if (firstSpace <= 0 || secondSpace < 0 || FieldSyntax.indexOf(head, secondSpace + 1, end, ' ') >= 0) {
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
        boolean http1x = end - version == HTTP_1.length + 1 && Arrays.equals(head, version,
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
