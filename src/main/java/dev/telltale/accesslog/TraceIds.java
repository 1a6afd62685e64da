package dev.telltale.accesslog;

/**
 * W3C trace and span IDs kept as numbers (a trace ID as two longs, a span ID as one) and written
 * as lower-case hex only where they are shown: every request has them, and text made for each
 * would be garbage on the event loop for a value the log's writer thread can format itself.
 */
public final class TraceIds {

    static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private TraceIds() {
    }

    /** The 16 hex digits of {@code value} into {@code into} from {@code at}. */
    public static void hex(long value, char[] into, int at) {
        for (int i = 15; i >= 0; i--) {
            into[at + i] = (char) HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }

    /** The 16 hex digits of {@code value} into {@code into} from {@code at}. */
    public static void hex(long value, byte[] into, int at) {
        for (int i = 15; i >= 0; i--) {
            into[at + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }

    /** A trace ID as text: 32 hex digits. */
    public static String traceId(long high, long low) {
        char[] text = new char[32];
        hex(high, text, 0);
        hex(low, text, 16);
        return new String(text);
    }

    /** A span ID as text: 16 hex digits. */
    public static String spanId(long id) {
        char[] text = new char[16];
        hex(id, text, 0);
        return new String(text);
    }
}
