package dev.telltale.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The chunked-body walk, fed in reads of every size: the same verdict whatever the cuts. */
class ChunkWalkTest {

    /**
     * Walks {@code body} in reads of {@code readSize}, keeping what the walk leaves unjudged for
     * the next read, as its callers do; the first problem, or "done" / "unfinished".
     */
    private static String walk(String body, int readSize) {
        ChunkWalk walk = new ChunkWalk("response", 64 * 1024);
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuf kept = Unpooled.buffer();
        for (int at = 0; at < bytes.length; at += readSize) {
            kept.writeBytes(bytes, at, Math.min(readSize, bytes.length - at));
            int judged = walk.walk(kept, kept.readerIndex(), kept.writerIndex());
            if (walk.problem() != null) {
                return walk.problem();
            }
            kept.readerIndex(judged);
        }
        return walk.done() ? "done" : "unfinished";
    }

    @Test
    void wellFramedBodiesEndWhateverTheReads() {
        String body = "5;a=\"b c\"\r\nhello\r\nA ; n\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n";
        for (int readSize = 1; readSize <= body.length(); readSize++) {
            assertThat(walk(body, readSize)).as("read size %d", readSize).isEqualTo("done");
        }
        assertThat(walk("5\r\nhel", 3)).isEqualTo("unfinished");
    }

    @Test
    void brokenBodiesAreFoundWhateverTheReads() {
        Map<String, String> broken = Map.of(
                "5 junk\r\nhello\r\n0\r\n\r\n", "chunk-size line has bytes that are not an extension",
                " 5\r\nhello\r\n0\r\n\r\n", "chunk size is not a hex number",
                "5\nhello\r\n0\r\n\r\n", "chunk-size line not ended by CRLF",
                "3\r\nhello\r\n0\r\n\r\n", "chunk data not followed by CRLF",
                "5\r\nhello\r\n0\r\nBad Trailer: x\r\n\r\n", "invalid response header name",
                "1" + "0".repeat(15) + "\r\n", "more than 15 hex digits",
                "5;" + "a".repeat(5000) + "\r\n", "chunk-size line longer than 4096 bytes");
        for (Map.Entry<String, String> body : broken.entrySet()) {
            for (int readSize : new int[] {1, 2, 7, 8192}) {
                assertThat(walk(body.getKey(), readSize)).as("%s in reads of %d", body.getKey(), readSize)
                        .contains(body.getValue());
            }
        }
    }

    @Test
    void theDataIsCountedAndCanBeWalkedRunByRun() {
        ChunkWalk walk = new ChunkWalk("response", 1024);
        ByteBuf body = Unpooled.copiedBuffer("5\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n", StandardCharsets.ISO_8859_1);
        try {
            int first = walk.walkToData(body, 0, body.writerIndex());
            assertThat(body.toString(first - 5, 5, StandardCharsets.ISO_8859_1)).isEqualTo("hello");
            int second = walk.walkToData(body, first, body.writerIndex());
            assertThat(body.toString(second - 3, 3, StandardCharsets.ISO_8859_1)).isEqualTo("abc");
            assertThat(walk.dataBytes()).isEqualTo(8);
            assertThat(walk.walkToData(body, second, body.writerIndex())).isEqualTo(body.writerIndex());
            assertThat(walk.done()).isTrue();
            assertThat(walk.dataBytes()).isEqualTo(8);
        } finally {
            body.release();
        }
    }
}
