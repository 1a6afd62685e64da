package dev.telltale.proxy;

import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.accesslog.TraceIds;
import dev.telltale.http1.HeadFields;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A request's W3C trace context (traceparent, https://www.w3.org/TR/trace-context/): the trace it
 * belongs to, the proxy's own span in it, and the span the client named as the parent. A
 * well-formed incoming {@code traceparent} is continued, with its sampled flag; a missing or
 * malformed one, or more than one, starts a new trace, marked sampled so that an app sampling by
 * its parent records it (as Envoy and Traefik start theirs), and the request's {@code tracestate}
 * is then dropped, as the specification asks. The upstream gets the proxy's span as its parent.
 * IDs are numbers, read from the head's bytes and written as hex straight into the upstream's
 * head: no text is made for them on the event loop.
 */
final class TraceContext {

    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";
    private static final int VERSION_00_LENGTH = 55;
    private static final byte[] LINE_START = HeadLines.ascii("traceparent: 00-");
    /** {@code traceparent: 00-} trace {@code -} span {@code -0f} CR LF. */
    private static final int LINE_LENGTH = LINE_START.length + 32 + 1 + 16 + 3 + 2;
    /** The line being written, one array per event loop; only the IDs and the flag change. */
    private static final FastThreadLocal<byte[]> LINE = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            byte[] line = new byte[LINE_LENGTH];
            System.arraycopy(LINE_START, 0, line, 0, LINE_START.length);
            line[LINE_START.length + 32] = '-';
            line[LINE_START.length + 49] = '-';
            line[LINE_START.length + 50] = '0';
            line[LINE_LENGTH - 2] = '\r';
            line[LINE_LENGTH - 1] = '\n';
            return line;
        }
    };

    private final long traceHigh;
    private final long traceLow;
    private final long spanId;
    private final long parentSpanId; // 0 when the proxy started the trace (0 is never a valid ID)
    private final boolean sampled;

    TraceContext(long traceHigh, long traceLow, long spanId, long parentSpanId, boolean sampled) {
        this.traceHigh = traceHigh;
        this.traceLow = traceLow;
        this.spanId = spanId;
        this.parentSpanId = parentSpanId;
        this.sampled = sampled;
    }

    /** The context for a request with {@code head}: continued from its traceparent, or new. */
    static TraceContext of(HeadFields head) {
        int field = head.find(TRACEPARENT);
        if (field >= 0 && !hasAnother(head, field)) {
            TraceContext continued = continued(head.bytes(), head.valueStart(field), head.valueEnd(field));
            if (continued != null) {
                return continued;
            }
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high;
        long low;
        do {
            high = random.nextLong();
            low = random.nextLong();
        } while (high == 0 && low == 0);
        return new TraceContext(high, low, newSpanId(), 0, true);
    }

    /** Parses a traceparent given as text; null when it is not one this version may continue. */
    static TraceContext continued(String value) {
        if (value == null) {
            return null;
        }
        byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
        return continued(bytes, 0, bytes.length);
    }

    /** Parses the traceparent in {@code bytes[from, to)}; null when it is not one this version may continue. */
    static TraceContext continued(byte[] bytes, int from, int to) {
        int length = to - from;
        if (length < VERSION_00_LENGTH || bytes[from + 2] != '-' || bytes[from + 35] != '-' || bytes[from + 52] != '-') {
            return null;
        }
        int version = hexValue(bytes, from, 2);
        // Version 00 is exactly 55 characters; a later version may add fields after a dash; ff is invalid.
        if (version < 0 || version == 0xff || (version == 0 ? length != VERSION_00_LENGTH
                : length > VERSION_00_LENGTH && bytes[from + VERSION_00_LENGTH] != '-')) {
            return null;
        }
        int flags = hexValue(bytes, from + 53, 2);
        if (!isHex(bytes, from + 3, from + 35) || !isHex(bytes, from + 36, from + 52) || flags < 0) {
            return null;
        }
        long high = hexLong(bytes, from + 3);
        long low = hexLong(bytes, from + 19);
        long parent = hexLong(bytes, from + 36);
        if (high == 0 && low == 0 || parent == 0) {
            return null;
        }
        return new TraceContext(high, low, newSpanId(), parent, (flags & 1) == 1);
    }

    /** Whether the trace came from the client (its tracestate may then be forwarded). */
    boolean continued() {
        return parentSpanId != 0;
    }

    boolean sampled() {
        return sampled;
    }

    String traceId() {
        return TraceIds.traceId(traceHigh, traceLow);
    }

    String spanId() {
        return TraceIds.spanId(spanId);
    }

    /** The client's span, null when the proxy started the trace. */
    String parentSpanId() {
        return parentSpanId == 0 ? null : TraceIds.spanId(parentSpanId);
    }

    /** The traceparent the upstream gets: this trace, the proxy's span as the parent. */
    String traceparent() {
        return "00-" + traceId() + "-" + spanId() + (sampled ? "-01" : "-00");
    }

    /** Puts this trace in the request's log line (and so in its span, when spans are exported). */
    void logTo(AccessLogEntry.Builder log) {
        log.trace(traceHigh, traceLow, spanId, parentSpanId, sampled);
    }

    /** Writes the upstream's {@code traceparent} line, CR LF included. */
    void writeLine(ByteBuf out) {
        byte[] line = LINE.get();
        int at = LINE_START.length;
        TraceIds.hex(traceHigh, line, at);
        TraceIds.hex(traceLow, line, at + 16);
        TraceIds.hex(spanId, line, at + 33);
        line[at + 51] = (byte) (sampled ? '1' : '0');
        out.writeBytes(line);
    }

    private static long newSpanId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long id;
        do {
            id = random.nextLong();
        } while (id == 0);
        return id;
    }

    private static boolean hasAnother(HeadFields head, int first) {
        for (int i = first + 1; i < head.fieldCount(); i++) {
            if (head.nameIs(i, TRACEPARENT)) {
                return true;
            }
        }
        return false;
    }

    /** Lower-case hex only: the specification refuses upper case. */
    private static int digit(byte b) {
        return b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10 : -1;
    }

    private static boolean isHex(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (digit(bytes[i]) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The value of {@code count} hex digits, or -1 when one is not a lower-case hex digit. */
    private static int hexValue(byte[] bytes, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int d = digit(bytes[i]);
            if (d < 0) {
                return -1;
            }
            value = value << 4 | d;
        }
        return value;
    }

    /** 16 hex digits, already checked, as a long. */
    private static long hexLong(byte[] bytes, int from) {
        long value = 0;
        for (int i = from; i < from + 16; i++) {
            value = value << 4 | digit(bytes[i]);
        }
        return value;
    }
}
