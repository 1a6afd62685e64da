package dev.telltale.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

import java.util.Arrays;

/**
 * Walks a chunked response body as its bytes arrive, before the decoder reads them, and judges
 * each chunk-size line, chunk end and trailer strictly (Netty's decoder reads a size line such as
 * {@code 5 junk} leniently). Nothing is held: a line cut between two reads is copied aside (at
 * most {@link #MAX_LINE} bytes) and judged when its end arrives, before the read that completes
 * it goes on, and the decoder acts on a line only once it is whole.
 */
final class ChunkWalk {

    static final int MAX_LINE = 4096;
    private static final int MAX_TRAILERS = 64 * 1024;

    private enum State { LINE, DATA, DATA_END, TRAILER, DONE }

    private State state = State.LINE;
    private long remaining;
    private int dataEndSeen;
    private int trailerBytes;
    private byte[] line = new byte[64];
    private int lineLength;

    boolean done() {
        return state == State.DONE;
    }

    /** Walks {@code buf[from, to)}; returns what is wrong, or null. Bytes after the body's end are not judged. */
    String walk(ByteBuf buf, int from, int to) {
        int at = from;
        while (at < to && state != State.DONE) {
            switch (state) {
                case DATA -> {
                    int n = (int) Math.min(remaining, to - at);
                    remaining -= n;
                    at += n;
                    if (remaining == 0) {
                        state = State.DATA_END;
                        dataEndSeen = 0;
                    }
                }
                case DATA_END -> {
                    byte b = buf.getByte(at++);
                    if (b != (dataEndSeen == 0 ? '\r' : '\n')) {
                        return "chunk data not followed by CRLF (the chunk size is wrong)";
                    }
                    if (++dataEndSeen == 2) {
                        state = State.LINE;
                    }
                }
                default -> { // LINE or TRAILER
                    int lf = buf.forEachByte(at, to - at, ByteProcessor.FIND_LF);
                    int stop = lf < 0 ? to : lf + 1;
                    if (lineLength + stop - at > MAX_LINE) {
                        return (state == State.LINE ? "chunk-size" : "trailer") + " line longer than " + MAX_LINE
                                + " bytes";
                    }
                    append(buf, at, stop - at);
                    at = stop;
                    if (lf >= 0) {
                        String problem = state == State.LINE ? sizeLine() : trailerLine();
                        lineLength = 0;
                        if (problem != null) {
                            return problem;
                        }
                    }
                }
            }
        }
        return null;
    }

    private String sizeLine() {
        if (lineLength < 2 || line[lineLength - 2] != '\r') {
            return "chunk-size line not ended by CRLF";
        }
        ChunkLine chunk = ChunkLine.parse(Arrays.copyOf(line, lineLength - 2));
        if (chunk.problem() != null) {
            return chunk.problem();
        }
        if (chunk.size() == 0) {
            state = State.TRAILER;
        } else {
            state = State.DATA;
            remaining = chunk.size();
        }
        return null;
    }

    private String trailerLine() {
        trailerBytes += lineLength;
        if (trailerBytes > MAX_TRAILERS) {
            return "trailer section larger than " + MAX_TRAILERS + " bytes";
        }
        if (lineLength < 2 || line[lineLength - 2] != '\r') {
            return "trailer line not ended by CRLF";
        }
        if (lineLength == 2) {
            state = State.DONE;
            return null;
        }
        int end = lineLength - 2;
        String bad = FieldSyntax.checkBytes(line, 0, end, "response");
        return bad != null ? bad : FieldSyntax.checkField(line, 0, end, FieldSyntax.colon(line, 0, end), "response");
    }

    private void append(ByteBuf buf, int from, int length) {
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
        }
        buf.getBytes(from, line, lineLength, length);
        lineLength += length;
    }
}
