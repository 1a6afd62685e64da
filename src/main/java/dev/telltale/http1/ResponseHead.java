package dev.telltale.http1;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/**
 * A response head as the upstream sent it, read once on its bytes: the status, the framing, and
 * where each field line is, with no text made unless asked. {@link ResponseReader} keeps one per
 * connection and refills it for each head, so a view is good only until the next head is read.
 * The head has passed {@link ResponseHeadCheck}: its lines are well formed.
 */
public final class ResponseHead {

    private static final int SLOTS = 5;

    private byte[] bytes = new byte[512];
    private int length;
    private int statusTo;
    private int status;
    private boolean http10;
    private long contentLength;
    private boolean chunked;
    private boolean close;
    private boolean keepAlive;
    /** Per field line: its start, its colon, its value's start and end (trimmed), its end before CR LF. */
    private int[] fields = new int[16 * SLOTS];
    private int fieldCount;
    /** The fields named Connection, by index: they name more hop-by-hop fields. Rarely more than one. */
    private int[] connectionFields = new int[2];
    private int connectionCount;

    /**
     * Takes a copy of the head {@code buf[from, from + length)} to be judged and read, in one pass, by
     * {@link ResponseHeadCheck#check(byte[], int, ResponseHead)}; the view is whole once that accepts it.
     */
    byte[] load(ByteBuf buf, int from, int length) {
        if (bytes.length < length) {
            bytes = new byte[Math.max(length, bytes.length * 2)];
        }
        buf.getBytes(from, bytes, 0, length);
        this.length = length;
        contentLength = -1;
        chunked = false;
        close = false;
        keepAlive = false;
        fieldCount = 0;
        connectionCount = 0;
        return bytes;
    }

    /** The status line, {@code bytes[0, end)}, as the check found it: {@code HTTP/1.x NNN ...}. */
    void statusLine(int end) {
        statusTo = end;
        http10 = bytes[7] == '0';
        status = (bytes[9] - '0') * 100 + (bytes[10] - '0') * 10 + (bytes[11] - '0');
    }

    /** A field line {@code bytes[from, to)} with its colon, as the check found it. */
    void addField(int from, int colon, int to) {
        int valueStart = FieldSyntax.valueStart(bytes, colon + 1, to);
        int valueEnd = FieldSyntax.valueEnd(bytes, valueStart, to);
        if (fields.length < (fieldCount + 1) * SLOTS) {
            fields = Arrays.copyOf(fields, fields.length * 2);
        }
        int at = fieldCount * SLOTS;
        fields[at] = from;
        fields[at + 1] = colon;
        fields[at + 2] = valueStart;
        fields[at + 3] = valueEnd;
        fields[at + 4] = to;
        // Told apart by length first: most names match none of these.
        switch (colon - from) {
            case 14 -> {
                if (FieldSyntax.nameIs(bytes, from, colon, "content-length")) {
                    // The check refuses differing values: a list repeats one length.
                    int comma = FieldSyntax.indexOf(bytes, valueStart, valueEnd, ',');
                    contentLength = FramingRules.contentLength(bytes, valueStart, comma < 0 ? valueEnd : comma);
                }
            }
            case 17 -> chunked |= FieldSyntax.nameIs(bytes, from, colon, "transfer-encoding");
            case 10 -> {
                if (FieldSyntax.nameIs(bytes, from, colon, "connection")) {
                    close |= listHas(valueStart, valueEnd, "close");
                    keepAlive |= listHas(valueStart, valueEnd, "keep-alive");
                    if (connectionCount == connectionFields.length) {
                        connectionFields = Arrays.copyOf(connectionFields, connectionCount * 2);
                    }
                    connectionFields[connectionCount++] = fieldCount;
                }
            }
            default -> {
            }
        }
        fieldCount++;
    }

    /** Whether the comma-separated list {@code bytes[from, to)} has {@code lowerToken}, ignoring case. */
    private boolean listHas(int from, int to, String lowerToken) {
        return listHas(from, to, lowerToken, -1);
    }

    /**
     * Whether the list {@code bytes[from, to)} has an item that is {@code lowerToken}, or, when that
     * is null, the name of field {@code field}; ASCII case ignored, whitespace around items too.
     */
    private boolean listHas(int from, int to, String lowerToken, int field) {
        int at = from;
        while (at < to) {
            int comma = FieldSyntax.indexOf(bytes, at, to, ',');
            int itemEnd = comma < 0 ? to : comma;
            int start = FieldSyntax.valueStart(bytes, at, itemEnd);
            int end = FieldSyntax.valueEnd(bytes, start, itemEnd);
            if (end > start && (lowerToken != null ? FieldSyntax.nameIs(bytes, start, end, lowerToken)
                    : nameIs(field, start, end))) {
                return true;
            }
            at = itemEnd + 1;
        }
        return false;
    }

    /** Whether a Connection field of this head names field {@code field}, which is then hop-by-hop too. */
    public boolean namedByConnection(int field) {
        for (int n = 0; n < connectionCount; n++) {
            int connection = connectionFields[n];
            if (listHas(valueStart(connection), valueEnd(connection), null, field)) {
                return true;
            }
        }
        return false;
    }

    public int status() {
        return status;
    }

    public boolean http10() {
        return http10;
    }

    /** The declared body length, -1 when none was. */
    public long contentLength() {
        return contentLength;
    }

    /** {@code Transfer-Encoding: chunked} was declared (whether or not this status has a body). */
    public boolean chunked() {
        return chunked;
    }

    /** The upstream keeps the connection open after this response (HTTP/1.1 unless it says close; 1.0 if it says keep-alive). */
    public boolean keepAlive() {
        return !close && (!http10 || keepAlive);
    }

    /**
     * The {@code timeout} of a {@code Keep-Alive} field ({@code timeout=5, max=100}), in seconds;
     * -1 when there is none or it is not a number.
     */
    public long keepAliveTimeoutSeconds() {
        for (int i = 0; i < fieldCount; i++) {
            if (!nameIs(i, "keep-alive")) {
                continue;
            }
            int at = valueStart(i);
            int end = valueEnd(i);
            while (at < end) {
                int comma = FieldSyntax.indexOf(bytes, at, end, ',');
                int itemEnd = comma < 0 ? end : comma;
                int start = FieldSyntax.valueStart(bytes, at, itemEnd);
                int equals = FieldSyntax.indexOf(bytes, start, itemEnd, '=');
                if (equals > start && FieldSyntax.nameIs(bytes, start, FieldSyntax.valueEnd(bytes, start, equals), "timeout")) {
                    return FramingRules.contentLength(bytes, equals + 1, itemEnd); // digits alone, or -1
                }
                at = itemEnd + 1;
            }
        }
        return -1;
    }

    /** The head's bytes: {@code bytes()[0, length())}. */
    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return length;
    }

    /** Where the status line's text after the version starts ({@code "200 OK"}), and where it ends. */
    public int statusFrom() {
        return 9;
    }

    public int statusTo() {
        return statusTo;
    }

    public int fieldCount() {
        return fieldCount;
    }

    public int lineStart(int field) {
        return fields[field * SLOTS];
    }

    /** The end of the field's line, before its CR LF. */
    public int lineEnd(int field) {
        return fields[field * SLOTS + 4];
    }

    public int valueStart(int field) {
        return fields[field * SLOTS + 2];
    }

    public int valueEnd(int field) {
        return fields[field * SLOTS + 3];
    }

    /** Whether field {@code field}'s name is {@code lowerName} (lower case), ignoring the field's case. */
    public boolean nameIs(int field, String lowerName) {
        return FieldSyntax.nameIs(bytes, fields[field * SLOTS], fields[field * SLOTS + 1], lowerName);
    }

    /** Whether field {@code field}'s name is {@code name}, ignoring ASCII case on both sides. */
    public boolean nameIsIgnoringCase(int field, String name) {
        int start = fields[field * SLOTS];
        int n = fields[field * SLOTS + 1] - start;
        if (n != name.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (lower(bytes[start + i]) != lower((byte) name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether field {@code field}'s name is {@code bytes[from, to)}, ignoring ASCII case. */
    private boolean nameIs(int field, int from, int to) {
        int start = fields[field * SLOTS];
        int n = fields[field * SLOTS + 1] - start;
        if (n != to - from) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (lower(bytes[start + i]) != lower(bytes[from + i])) {
                return false;
            }
        }
        return true;
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    @Override
    public String toString() {
        return FieldSyntax.text(bytes, 0, statusTo());
    }
}
