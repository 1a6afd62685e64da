package dev.telltale.http1;

import io.netty.buffer.ByteBuf;

/**
 * A response head as the upstream sent it, read once on its bytes: the status, the framing, and
 * where each field line is, with no text made unless asked. {@link ResponseReader} keeps one per
 * connection and refills it for each head, so a view is good only until the next head is read.
 * The head has passed {@link ResponseHeadCheck}: its lines are well formed.
 */
public final class ResponseHead extends HeadFields {

    private int statusTo;
    private int status;
    private boolean http10;
    private long contentLength;
    private boolean chunked;

    public ResponseHead() {
        super(new byte[512], 16);
    }

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
        clearFields();
        return bytes;
    }

    /** The status line, {@code bytes[0, end)}, as the check found it: {@code HTTP/1.x NNN ...}. */
    void statusLine(int end) {
        statusTo = end;
        http10 = bytes[7] == '0';
        status = (bytes[9] - '0') * 100 + (bytes[10] - '0') * 10 + (bytes[11] - '0');
    }

    /** A field line {@code bytes[from, to)} with its colon, as the check found it. */
    @Override
    int addField(int from, int colon, int to) {
        int field = super.addField(from, colon, to);
        // Told apart by length first: most names match neither.
        if (colon - from == 14 && FieldSyntax.nameIs(bytes, from, colon, "content-length")) {
            // The check refuses differing values: a list repeats one length.
            int valueEnd = valueEnd(field);
            int comma = FieldSyntax.indexOf(bytes, valueStart(field), valueEnd, ',');
            contentLength = FramingRules.contentLength(bytes, valueStart(field), comma < 0 ? valueEnd : comma);
        } else if (colon - from == 17) {
            chunked |= FieldSyntax.nameIs(bytes, from, colon, "transfer-encoding");
        }
        return field;
    }

    public int status() {
        return status;
    }

    @Override
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

    /**
     * The {@code timeout} of a {@code Keep-Alive} field ({@code timeout=5, max=100}), in seconds;
     * -1 when there is none or it is not a number.
     */
    public long keepAliveTimeoutSeconds() {
        for (int i = 0; i < fieldCount(); i++) {
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

    /** Where the status line's text after the version starts ({@code "200 OK"}), and where it ends. */
    public int statusFrom() {
        return 9;
    }

    public int statusTo() {
        return statusTo;
    }

    @Override
    public String toString() {
        return FieldSyntax.text(bytes, 0, statusTo());
    }
}
