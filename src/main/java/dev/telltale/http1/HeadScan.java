package dev.telltale.http1;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Finds a message head in raw bytes, for requests and responses alike: where it starts, where it
 * ends, and what an unfinished head past its limit is refused as.
 */
public final class HeadScan {

    private HeadScan() {
    }

    /** The index just past the CR LF CR LF ending the head that starts at {@code from}, or -1 before {@code end}. */
    public static int headEnd(ByteBuf buf, int from, int end) {
        int at = from;
        while (true) {
            int lf = buf.forEachByte(at, end - at, ByteProcessor.FIND_LF);
            if (lf < 0) {
                return -1;
            }
            // lf > from: the CR before it must be the head's own, not a byte of what came before.
            if (lf + 2 < end && lf > from && buf.getByte(lf - 1) == '\r'
                    && buf.getByte(lf + 1) == '\r' && buf.getByte(lf + 2) == '\n') {
                return lf + 3;
            }
            at = lf + 1;
        }
    }

    /** RFC 9112 §2.2: empty lines before a request line are skipped. -1 when only CR/LF bytes came. */
    public static int skipBlankLines(ByteBuf buf, int from, int end) {
        int i = from;
        while (i + 1 < end && buf.getByte(i) == '\r' && buf.getByte(i + 1) == '\n') {
            i += 2;
        }
        return i < end && (buf.getByte(i) != '\r' || i + 1 < end) ? i : -1;
    }

    /**
     * An unfinished request head from {@code from} that is already past {@code maxHeadBytes}: the
     * request line is too long when no LF ends it within the line limit, else the head is too large.
     */
    public static Verdict oversized(ByteBuf buf, int from, int end, int maxHeadBytes) {
        int lineEnd = buf.forEachByte(from, Math.min(end - from, DecoderLimits.MAX_START_LINE + 2),
                ByteProcessor.FIND_LF);
        return lineEnd < 0
                ? Verdict.refused(Violation.START_LINE_TOO_LONG,
                        "request line longer than " + DecoderLimits.MAX_START_LINE + " bytes")
                : Verdict.refused(Violation.HEAD_TOO_LARGE, "request head larger than " + maxHeadBytes + " bytes");
    }

    /**
     * {@code buf[from, to)} copied to the start of this thread's scratch array, for the checks to read
     * (they take the length, since the array may be longer). The next call on the thread overwrites it:
     * nothing may keep it past the check. One array per event loop instead of one per head, which
     * was the largest piece of the proxy's own garbage per request.
     */
    public static byte[] scratchCopy(ByteBuf buf, int from, int to) {
        byte[] scratch = SCRATCH.get();
        if (scratch.length < to - from) {
            scratch = new byte[Math.max(to - from, scratch.length * 2)];
            SCRATCH.set(scratch);
        }
        buf.getBytes(from, scratch, 0, to - from);
        return scratch;
    }

    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[1024];
        }
    };
}
