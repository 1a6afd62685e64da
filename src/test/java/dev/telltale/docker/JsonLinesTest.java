package dev.telltale.docker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The events stream cut into lines however the chunks fall. */
class JsonLinesTest {

    private final List<String> lines = new ArrayList<>();
    private int tooLong;
    private final JsonLines splitter = new JsonLines(32, lines::add, () -> tooLong++);

    @Test
    void linesSpanningChunksAndChunksHoldingManyLinesComeOutWhole() {
        feed("{\"a\":1}\n{\"b\"");
        feed(":2}\n");
        feed("{\"c\":3}\r\n\n{\"d\":4}\n{\"e\"");

        assertThat(lines).containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":3}", "{\"d\":4}");
    }

    @Test
    void aLineOverTheCapIsDroppedWholeOnceAndTheNextOneComes() {
        feed("{\"x\":\"" + "y".repeat(20));
        feed("y".repeat(20) + "\"}\n{\"ok\":true}\n");

        assertThat(tooLong).isEqualTo(1);
        assertThat(lines).containsExactly("{\"ok\":true}");
    }

    @Test
    void multiByteCharactersSplitAcrossChunksSurvive() {
        byte[] bytes = "{\"name\":\"café\"}\n".getBytes(StandardCharsets.UTF_8);
        feed(bytes, 0, 12);
        feed(bytes, 12, bytes.length - 12);

        assertThat(lines).containsExactly("{\"name\":\"café\"}");
    }

    private void feed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        feed(bytes, 0, bytes.length);
    }

    private void feed(byte[] bytes, int from, int count) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            buf.writeBytes(bytes, from, count);
            splitter.feed(buf);
            assertThat(buf.isReadable()).isFalse();
        } finally {
            buf.release();
        }
    }
}
