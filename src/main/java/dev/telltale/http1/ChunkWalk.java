package dev.telltale.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.ByteProcessor;

/**
 * Walks a chunked body (RFC 9112 §7.1) over raw bytes, before a lenient decoder reads them, and
 * judges each chunk-size line ({@link ChunkLine}), each chunk's closing CRLF and each trailer line.
 * It holds nothing itself: {@link #walk} says how far the bytes are judged good, and the caller
 * keeps the rest (an unfinished line) until more arrive, so nothing refused is ever passed on.
 * The same walk serves request bodies (the client side) and response bodies (the upstream side).
 */
public final class ChunkWalk {

    public static final int MAX_LINE = 4096;

    private enum State { LINE, DATA, DATA_END, TRAILER, DONE }

    private final String side;
    private final int maxTrailerBytes;
    private State state = State.LINE;
    private long remaining;
    private long dataBytes;
    private int trailerBytes;
    private int trailerStart = -1;
    private String problem;

    /** {@code side} is "request" or "response", for the words of a refusal. */
    public ChunkWalk(String side, int maxTrailerBytes) {
        this.side = side;
        this.maxTrailerBytes = maxTrailerBytes;
    }

    /** The body has ended (its last trailer line was judged). */
    public boolean done() {
        return state == State.DONE;
    }

    /** The last chunk's line has been walked: what follows is the trailer section. */
    public boolean inTrailers() {
        return state == State.TRAILER || state == State.DONE;
    }

    /** Where the trailer section starts, just past the last chunk's line, in the bytes of the walk that read that line. */
    public int trailerStart() {
        return trailerStart;
    }

    /** The chunk data walked so far, without the chunk lines. */
    public long dataBytes() {
        return dataBytes;
    }

    /** Why the body was refused, or null. */
    public String problem() {
        return problem;
    }

    /** Acceptable so far, or the broken framing as a {@link Violation#MALFORMED_BODY}. */
    public Verdict verdict() {
        return problem == null ? Verdict.OK : Verdict.refused(Violation.MALFORMED_BODY, problem);
    }

    /**
     * Walks {@code buf[from, to)} and returns how far it is judged good: {@code to}, or the end of
     * the body when it ends inside, or the start of an unfinished line (keep it for the next
     * read), or the start of what was refused ({@link #problem} is then set).
     */
    public int walk(ByteBuf buf, int from, int to) {
        return walk(buf, from, to, false);
    }

    /**
     * As {@link #walk}, but stops right after a run of chunk data, which is then the last
     * {@code dataBytes()} growth bytes before the index returned: for passing on the data alone.
     */
    public int walkToData(ByteBuf buf, int from, int to) {
        return walk(buf, from, to, true);
    }

    private int walk(ByteBuf buf, int from, int to, boolean stopAfterData) {
        int at = from;
        while (at < to && state != State.DONE && problem == null) {
            switch (state) {
                case DATA -> {
                    int n = (int) Math.min(remaining, to - at);
                    remaining -= n;
                    dataBytes += n;
                    at += n;
                    if (remaining == 0) {
                        state = State.DATA_END;
                    }
                    if (stopAfterData) {
                        return at;
                    }
                }
                case DATA_END -> {
                    if (to - at < 2) {
                        return at;
                    }
                    if (buf.getByte(at) != '\r' || buf.getByte(at + 1) != '\n') {
                        problem = "chunk data not followed by CRLF (the chunk size is wrong)";
                        return at;
                    }
                    at += 2;
                    state = State.LINE;
                }
                default -> { // LINE or TRAILER
                    int lf = buf.forEachByte(at, to - at, ByteProcessor.FIND_LF);
                    if (lf < 0) {
                        tooLong(to - at);
                        return at;
                    }
                    if (!tooLong(lf + 1 - at)) {
                        judgeLine(buf, at, lf + 1);
                    }
                    if (problem != null) {
                        return at;
                    }
                    at = lf + 1;
                }
            }
        }
        return at;
    }

    private boolean tooLong(int length) {
        if (state == State.LINE && length > MAX_LINE) {
            problem = "chunk-size line longer than " + MAX_LINE + " bytes";
        } else if (state == State.TRAILER && trailerBytes + length > maxTrailerBytes) {
            problem = "trailer section larger than " + maxTrailerBytes + " bytes";
        }
        return problem != null;
    }

    /**
     * The size on a line of hex digits alone (the usual line), read without copying it; -1 for any
     * other line, which {@link ChunkLine} then judges.
     */
    private static long plainSize(ByteBuf buf, int from, int to) {
        if (to == from || to - from > ChunkLine.MAX_DIGITS) {
            return -1;
        }
        long size = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(buf.getByte(i), 16);
            if (digit < 0) {
                return -1;
            }
            size = size * 16 + digit;
        }
        return size;
    }

    private void judgeLine(ByteBuf buf, int from, int to) {
        if (to - from < 2 || buf.getByte(to - 2) != '\r') {
            problem = (state == State.LINE ? "chunk-size" : "trailer") + " line not ended by CRLF";
            return;
        }
        if (state == State.LINE) {
            long size = plainSize(buf, from, to - 2);
            ChunkLine chunk = size >= 0 ? null : ChunkLine.parse(ByteBufUtil.getBytes(buf, from, to - 2 - from));
            problem = chunk == null ? null : chunk.problem();
            size = chunk == null ? size : chunk.size();
            if (size == 0) {
                state = State.TRAILER;
                trailerStart = to;
            } else if (problem == null) {
                state = State.DATA;
                remaining = size;
            }
            return;
        }
        trailerBytes += to - from;
        if (to - from == 2) {
            state = State.DONE;
            return;
        }
        byte[] line = ByteBufUtil.getBytes(buf, from, to - 2 - from);
        problem = FieldSyntax.checkBytes(line, 0, line.length, side);
        if (problem == null) {
            problem = FieldSyntax.checkField(line, 0, line.length, FieldSyntax.colon(line, 0, line.length), side);
        }
    }
}
