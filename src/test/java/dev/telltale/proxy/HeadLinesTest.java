package dev.telltale.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class HeadLinesTest {

    private static String field(String name, String value) {
        ByteBuf out = Unpooled.buffer();
        try {
            HeadLines.field(out, name, value);
            return out.toString(StandardCharsets.ISO_8859_1);
        } finally {
            out.release();
        }
    }

    @Test
    void aFieldTheProxyMakesIsOneLineWhateverItsValueHolds() {
        assertThat(field("X-Request-Id", "abc-123")).isEqualTo("X-Request-Id: abc-123\r\n");
        assertThat(field("X-Forwarded-Host", "a\r\nSet-Cookie: x=1")).isEqualTo("X-Forwarded-Host: a??Set-Cookie: x=1\r\n");
        assertThat(field("X", "nul\u0000del\u007f")).isEqualTo("X: nul?del?\r\n");
    }

    @Test
    void aTabAndObsTextStayThemselves() {
        assertThat(field("X", "a\tb\u00e9")).isEqualTo("X: a\tb\u00e9\r\n");
    }
}
