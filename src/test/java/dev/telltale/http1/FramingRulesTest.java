package dev.telltale.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The framing rules both directions share, and the verdict an oversized request head gets. */
class FramingRulesTest {

    @Test
    void aContentLengthIsDigitsAlone() {
        assertThat(contentLength("0")).isZero();
        assertThat(contentLength("0012")).isEqualTo(12);
        assertThat(contentLength(" \t42 ")).as("optional whitespace around it").isEqualTo(42);
        assertThat(contentLength("9".repeat(18))).isEqualTo(999_999_999_999_999_999L);
        for (String bad : new String[] {"", " ", "+5", "-1", "0x5", "5, 5", "5 5", "9".repeat(19)}) {
            assertThat(contentLength(bad)).as(bad).isEqualTo(-1);
        }
        byte[] line = "Content-Length: 17\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(FramingRules.contentLength(line, 15, line.length - 2)).as("read inside a head").isEqualTo(17);
    }

    private static long contentLength(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
        return FramingRules.contentLength(bytes, 0, bytes.length);
    }

    @Test
    void onlyChunkedAloneIsATransferEncoding() {
        assertThat(FramingRules.isChunkedAlone("chunked")).isTrue();
        assertThat(FramingRules.isChunkedAlone(" Chunked ")).isTrue();
        for (String bad : new String[] {"", "gzip", "gzip, chunked", "chunked,chunked", "chunked,", "xchunked"}) {
            assertThat(FramingRules.isChunkedAlone(bad)).as(bad).isFalse();
        }
    }

    @Test
    void informationalNoContentAndNotModifiedResponsesHaveNoBody() {
        assertThat(FramingRules.responseHasBody(100)).isFalse();
        assertThat(FramingRules.responseHasBody(204)).isFalse();
        assertThat(FramingRules.responseHasBody(304)).isFalse();
        assertThat(FramingRules.responseHasBody(200)).isTrue();
        assertThat(FramingRules.responseHasBody(502)).isTrue();
    }

    @Test
    void anOversizedHeadIsALongLineWhenNoLineEndCameWithinTheLimit() {
        ByteBuf line = Unpooled.copiedBuffer("GET /" + "a".repeat(DecoderLimits.MAX_START_LINE), StandardCharsets.US_ASCII);
        ByteBuf head = Unpooled.copiedBuffer("GET / HTTP/1.1\r\nX: " + "b".repeat(100), StandardCharsets.US_ASCII);
        try {
            assertThat(HeadScan.oversized(line, 0, line.writerIndex(), 50).violation())
                    .isEqualTo(Violation.START_LINE_TOO_LONG);
            assertThat(HeadScan.oversized(head, 0, head.writerIndex(), 50))
                    .isEqualTo(Verdict.refused(Violation.HEAD_TOO_LARGE, "request head larger than 50 bytes"));
        } finally {
            line.release();
            head.release();
        }
    }
}
