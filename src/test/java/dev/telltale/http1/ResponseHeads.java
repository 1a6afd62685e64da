package dev.telltale.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Response heads for tests, read by the proxy's own reader as the answer to a GET. */
public final class ResponseHeads {

    private ResponseHeads() {
    }

    /** {@code text}, a whole head (status line, fields, the blank line), read by a reader of its own. */
    public static ResponseHead read(String text) {
        return read(new ResponseReader(8192), text);
    }

    /** {@code text} read by {@code reader}, whose bytes the head is: the next head read by it reuses them. */
    public static ResponseHead read(ResponseReader reader, String text) {
        reader.expect(false, false); // the answer to a GET
        ByteBuf bytes = Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
        try {
            assertThat(reader.next(bytes)).isEqualTo(ResponseReader.Step.HEAD);
            return reader.head();
        } finally {
            bytes.release();
        }
    }
}
