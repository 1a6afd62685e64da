package dev.telltale.proxy;

import dev.telltale.config.DetailLevel;
import dev.telltale.diagnostics.ErrorReport;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The proxy's own answer, written as bytes, read back by Netty's decoder as a client would. */
class ErrorResponsesTest {

    private static ErrorReport refused(String detail) {
        return new ErrorReport(Failure.CONNECTION_REFUSED, "0123456789abcdefghjk", Instant.parse("2026-01-02T03:04:05Z"),
                Phase.CONNECT, detail, "GET", "shop.example", "/cart", "web", "app", "10.0.0.5:3000", null,
                List.of(new ErrorReport.Attempt("10.0.0.5:3000", Failure.CONNECTION_REFUSED, detail)), null);
    }

    private static FullHttpResponse readBack(ByteBuf bytes, boolean headRequest) {
        EmbeddedChannel client = new EmbeddedChannel(new HttpResponseDecoder(), new HttpObjectAggregator(1 << 20));
        if (headRequest) {
            // The decoder is told the request was HEAD, as a client codec would be: no body follows.
            client = new EmbeddedChannel(new HttpResponseDecoder() {
                @Override
                protected boolean isContentAlwaysEmpty(io.netty.handler.codec.http.HttpMessage msg) {
                    return true;
                }
            }, new HttpObjectAggregator(1 << 20));
        }
        client.writeInbound(bytes);
        FullHttpResponse response = client.readInbound();
        assertThat(client.finishAndReleaseAll()).isFalse();
        return response;
    }

    @Test
    void aFailureIsAWholeResponseWithItsHeadersAndTheLengthOfItsBody() {
        ByteBuf bytes = ErrorResponses.of(UnpooledByteBufAllocator.DEFAULT, refused("connect to 10.0.0.5:3000 refused"),
                DetailLevel.FULL, "text/plain", "X-Request-Id", true, false);
        FullHttpResponse response = readBack(bytes, false);
        try {
            assertThat(response.decoderResult().isSuccess()).isTrue();
            assertThat(response.status().code()).isEqualTo(502);
            assertThat(response.status().reasonPhrase()).isEqualTo("Bad Gateway");
            assertThat(response.headers().get("content-type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(response.headers().getInt("content-length")).isEqualTo(response.content().readableBytes());
            assertThat(response.headers().get("cache-control")).isEqualTo("no-store");
            assertThat(response.headers().get("Proxy-Status"))
                    .isEqualTo("telltale; error=connection_refused; details=\"connect to 10.0.0.5:3000 refused\"");
            assertThat(response.headers().get("X-Request-Id")).isEqualTo("0123456789abcdefghjk");
            assertThat(response.headers().get("content-security-policy")).isEqualTo(ErrorResponses.CONTENT_SECURITY_POLICY);
            assertThat(response.headers().get("x-content-type-options")).isEqualTo("nosniff");
            assertThat(response.headers().getInt("retry-after")).isEqualTo(5);
            assertThat(response.headers().contains("connection")).isFalse();
            assertThat(response.content().toString(StandardCharsets.UTF_8))
                    .startsWith("502 Bad Gateway").contains("request id: 0123456789abcdefghjk");
        } finally {
            response.release();
        }
    }

    @Test
    void aHeadRequestGetsTheHeadAloneWithTheBodysLengthAndAClosingAnswerSaysSo() {
        ErrorReport report = refused("connect to 10.0.0.5:3000 refused");
        ByteBuf whole = ErrorResponses.of(UnpooledByteBufAllocator.DEFAULT, report, DetailLevel.SAFE, null,
                "X-Request-Id", false, false);
        ByteBuf headOnly = ErrorResponses.of(UnpooledByteBufAllocator.DEFAULT, report, DetailLevel.SAFE, null,
                "X-Request-Id", false, true);
        String text = whole.toString(StandardCharsets.ISO_8859_1);
        int headLength = text.indexOf("\r\n\r\n") + 4;
        assertThat(headOnly.readableBytes()).isEqualTo(headLength);
        assertThat(headOnly.toString(StandardCharsets.ISO_8859_1)).isEqualTo(text.substring(0, headLength));
        whole.release();
        FullHttpResponse response = readBack(headOnly, true);
        try {
            assertThat(response.headers().get("connection")).isEqualTo("close");
            assertThat(response.headers().getInt("content-length")).isEqualTo(text.length() - headLength);
            assertThat(response.content().readableBytes()).isZero();
        } finally {
            response.release();
        }
    }

    @Test
    void noHeaderValueCarriesALineBreakWhateverTheDetailHolds() {
        ByteBuf bytes = ErrorResponses.of(UnpooledByteBufAllocator.DEFAULT,
                refused("refused\r\nSet-Cookie: stolen=1\r\n\r\nHTTP/1.1 200 OK"), DetailLevel.FULL, "text/plain",
                "X-Request-Id", true, false);
        String text = bytes.toString(StandardCharsets.UTF_8);
        String head = text.substring(0, text.indexOf("\r\n\r\n"));
        for (String line : head.split("\r\n")) {
            assertThat(line).doesNotContain("\r").doesNotContain("\n").doesNotStartWith("Set-Cookie");
        }
        FullHttpResponse response = readBack(bytes, false);
        try {
            assertThat(response.headers().contains("Set-Cookie")).isFalse();
            assertThat(response.headers().get("Proxy-Status")).contains("refused??Set-Cookie: stolen=1");
        } finally {
            response.release();
        }
    }
}
