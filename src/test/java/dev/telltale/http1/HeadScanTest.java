package dev.telltale.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class HeadScanTest {

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    }

    @Test
    void aHeadEndsAtItsOwnBlankLine() {
        ByteBuf buf = bytes("ab\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\nbody");
        assertThat(HeadScan.headEnd(buf, 4, buf.writerIndex())).isEqualTo(31);
        assertThat(HeadScan.headEnd(buf, 4, 30)).isEqualTo(-1);
        buf.release();
    }

    @Test
    void theCrBeforeTheStartIsNotTheHeads() {
        // Found by fuzzing: a body ending in CR, then LF CR LF, once made a 3-byte "head".
        ByteBuf buf = bytes("ab\r\n\r\nGET");
        assertThat(HeadScan.headEnd(buf, 3, buf.writerIndex())).isEqualTo(-1);
        assertThat(HeadScan.headEnd(buf, 2, buf.writerIndex())).isEqualTo(6);
        buf.release();
    }

    @Test
    void theScratchCopyHoldsTheHeadAtItsStartAndGrowsForALongOne() {
        ByteBuf shortHead = bytes("xxGET / HTTP/1.1\r\n\r\n");
        byte[] first = HeadScan.scratchCopy(shortHead, 2, shortHead.writerIndex());
        assertThat(new String(first, 0, shortHead.writerIndex() - 2, StandardCharsets.ISO_8859_1))
                .isEqualTo("GET / HTTP/1.1\r\n\r\n");
        assertThat(HeadScan.scratchCopy(shortHead, 0, 3)).as("one array per thread, reused").isSameAs(first);
        String longText = "GET / HTTP/1.1\r\nX: " + "v".repeat(5000) + "\r\n\r\n";
        ByteBuf longHead = bytes(longText);
        byte[] grown = HeadScan.scratchCopy(longHead, 0, longHead.writerIndex());
        assertThat(grown.length).isGreaterThanOrEqualTo(longText.length());
        assertThat(new String(grown, 0, longText.length(), StandardCharsets.ISO_8859_1)).isEqualTo(longText);
        shortHead.release();
        longHead.release();
    }
}
