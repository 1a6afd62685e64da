package dev.telltale.http1;

/**
 * The Host field's syntax, uri-host [":" port] (RFC 9112 §3.2), judged on the head's bytes: every
 * request has a Host, so no text is made for it unless it is refused.
 */
final class HostSyntax {

    private HostSyntax() {
    }

    /**
     * Whether {@code head[from, to)}, optional whitespace around it, is a name, an IPv4 address or a
     * bracketed IPv6 one with an optional port of up to five digits; never userinfo, a path or spaces.
     */
    static boolean isHost(byte[] head, int from, int to) {
        from = FieldSyntax.valueStart(head, from, to);
        to = FieldSyntax.valueEnd(head, from, to);
        if (from == to) {
            return true; // RFC 9112 allows an empty Host when the target has no authority
        }
        boolean bracketed = head[from] == '[';
        int hostEnd = bracketed ? FieldSyntax.indexOf(head, from, to, ']') + 1 : lastIndexOf(head, from, to, ':');
        if (bracketed && hostEnd == 0) {
            return false;
        }
        if (hostEnd <= from || hostEnd >= to || head[hostEnd] != ':') {
            hostEnd = to; // no port
        }
        if (hostEnd == from) {
            return false;
        }
        for (int i = hostEnd + 1; i < to; i++) {
            if (head[i] < '0' || head[i] > '9' || i - hostEnd - 1 >= 5) {
                return false;
            }
        }
        for (int i = from; i < hostEnd; i++) {
            int c = head[i];
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '%'
                    || (bracketed && (c == ':' || c == '[' || c == ']'));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static int lastIndexOf(byte[] head, int from, int to, char c) {
        for (int i = to - 1; i >= from; i--) {
            if (head[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
