package dev.telltale.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The request body's pieces as the upstream gets them: as they are with a length, chunked again otherwise. */
class RequestBodyFramingTest {

    @Test
    void aChunkedBodyIsChunkedAgainWithItsTrailers() {
        EmbeddedChannel upstream = new EmbeddedChannel();
        RequestBodyFraming.write(upstream, new DefaultHttpContent(bytes("hello")), true);
        RequestBodyFraming.write(upstream, new DefaultHttpContent(Unpooled.EMPTY_BUFFER), true);
        LastHttpContent last = new DefaultLastHttpContent(bytes("abc"));
        last.trailingHeaders().set("X-Checksum", "42");
        RequestBodyFraming.write(upstream, last, true);
        assertThat(written(upstream)).isEqualTo("5\r\nhello\r\n3\r\nabc\r\n0\r\nX-Checksum: 42\r\n\r\n");
    }

    @Test
    void aBodyWithALengthGoesAsItIs() {
        EmbeddedChannel upstream = new EmbeddedChannel();
        RequestBodyFraming.write(upstream, new DefaultHttpContent(bytes("hel")), false);
        RequestBodyFraming.write(upstream, new DefaultLastHttpContent(bytes("lo")), false);
        RequestBodyFraming.write(upstream, LastHttpContent.EMPTY_LAST_CONTENT, true);
        assertThat(written(upstream)).isEqualTo("hello0\r\n\r\n");
    }

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    }

    private static String written(EmbeddedChannel channel) {
        channel.flush();
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        channel.finishAndReleaseAll();
        return out.toString();
    }
}
