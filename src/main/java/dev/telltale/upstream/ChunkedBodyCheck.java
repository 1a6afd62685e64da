package dev.telltale.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * The chunked framing of the body bytes that came in the same read as a response head, judged
 * before the head goes on: a response whose chunking is broken from the start is refused whole
 * (a 502 page, nothing forwarded) rather than cut after its head reached the client. Netty's
 * decoder alone would read a size line such as {@code 5 junk} or {@code 5;\0} leniently.
 */
final class ChunkedBodyCheck {

    private ChunkedBodyCheck() {
    }

    /** What is wrong with the chunks in {@code buf[from, to)}, or null; an unfinished chunk is not judged. */
    static String firstProblem(ByteBuf buf, int from, int to) {
        int at = from;
        while (at < to) {
            int lf = buf.forEachByte(at, to - at, ByteProcessor.FIND_LF);
            if (lf < 0) {
                return null;
            }
            if (lf == at || buf.getByte(lf - 1) != '\r') {
                return "chunk-size line not ended by CRLF";
            }
            byte[] line = new byte[lf - 1 - at];
            buf.getBytes(at, line);
            ChunkLine chunk = ChunkLine.parse(line);
            if (chunk.problem() != null) {
                return chunk.problem();
            }
            at = lf + 1;
            if (chunk.size() == 0) {
                return trailerProblem(buf, at, to);
            }
            if (to - at < chunk.size() + 2) {
                return null;
            }
            at += (int) chunk.size();
            if (buf.getByte(at) != '\r' || buf.getByte(at + 1) != '\n') {
                return "chunk data not followed by CRLF (the chunk size is wrong)";
            }
            at += 2;
        }
        return null;
    }

    private static String trailerProblem(ByteBuf buf, int from, int to) {
        int at = from;
        while (at < to) {
            int lf = buf.forEachByte(at, to - at, ByteProcessor.FIND_LF);
            if (lf < 0) {
                return null;
            }
            if (lf == at || buf.getByte(lf - 1) != '\r') {
                return "trailer line not ended by CRLF";
            }
            if (lf == at + 1) {
                return null; // the end of the body
            }
            byte[] line = new byte[lf - 1 - at];
            buf.getBytes(at, line);
            String bad = FieldSyntax.checkBytes(line, 0, line.length, "response");
            if (bad == null) {
                bad = FieldSyntax.checkField(line, 0, line.length, FieldSyntax.colon(line, 0, line.length), "response");
            }
            if (bad != null) {
                return bad;
            }
            at = lf + 1;
        }
        return null;
    }
}
