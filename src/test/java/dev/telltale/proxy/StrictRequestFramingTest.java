package dev.telltale.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The framing walk over raw bytes, one handler in an {@link EmbeddedChannel}: accepted bytes
 * pass unchanged however the stream is cut into reads, and a refusal stops everything after it.
 */
class StrictRequestFramingTest {

    private static final String PIPELINE = "GET /a HTTP/1.1\r\nHost: a\r\n\r\n"
            + "\r\n" // an empty line between requests is allowed (RFC 9112 §2.2)
            + "POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello\r\n\r\nxy"
            + "PUT /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value;q=\"a \\\" b\"\r\nhello\r\n" + "A \t; n\r\n0123456789\r\n"
            + "0\r\nX-Trailer: t\r\n\r\n"
            + "GET /d HTTP/1.0\r\n\r\n";

    /** What the handler passed on: the bytes, and every other message. */
    private record Passed(String bytes, List<Object> messages) {
    }

    private static Passed feed(String input, int readSize) {
        EmbeddedChannel channel = new EmbeddedChannel(new StrictRequestFraming(16 * 1024));
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        for (int at = 0; at < bytes.length; at += readSize) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, at, Math.min(readSize, bytes.length - at)));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Object> messages = new ArrayList<>();
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            if (msg instanceof ByteBuf buf) {
                byte[] chunk = new byte[buf.readableBytes()];
                buf.readBytes(chunk);
                out.writeBytes(chunk);
                buf.release();
            } else {
                messages.add(msg);
                ReferenceCountUtil.release(msg);
            }
        }
        channel.finishAndReleaseAll();
        return new Passed(out.toString(StandardCharsets.ISO_8859_1), messages);
    }

    @Test
    void acceptedRequestsPassUnchangedWhateverTheReadSizes() {
        for (int readSize = 1; readSize <= PIPELINE.length(); readSize++) {
            Passed passed = feed(PIPELINE, readSize);
            assertThat(passed.messages()).as("read size %d", readSize).isEmpty();
            assertThat(passed.bytes()).as("read size %d", readSize).isEqualTo(PIPELINE);
        }
    }

    @Test
    void aRefusedHeadBecomesAFailedRequestAndNothingAfterItPasses() {
        String first = "GET /ok HTTP/1.1\r\nHost: a\r\n\r\n";
        String smuggler = "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nGET /admin HTTP/1.1\r\nHost: a\r\n\r\n";
        for (int readSize : new int[] {1, 7, 64, 4096}) {
            Passed passed = feed(first + smuggler, readSize);

            assertThat(passed.bytes()).isEqualTo(first);
            assertThat(passed.messages()).singleElement().isInstanceOfSatisfying(HttpRequest.class, refused -> {
                assertThat(refused.method().name()).isEqualTo("POST");
                assertThat(refused.uri()).isEqualTo("/x");
                assertThat(refused.decoderResult().cause()).isInstanceOf(StrictRequestFraming.Refused.class)
                        .hasMessage("both Content-Length and Transfer-Encoding (the body length is ambiguous)");
            });
        }
    }

    @Test
    void aBrokenChunkEndsTheBodyWithAFailureAndDropsTheRest() {
        String head = "PUT /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n";
        // Each broken piece of body, and how much of it is judged good and passes before the refusal.
        Map<String, String> brokenChunks = Map.of(
                "-5\r\nhello\r\n0\r\n\r\n", "",             // a sign
                "0x5\r\nhello\r\n0\r\n\r\n", "",            // a prefix: 0 then junk
                "5 \r\nhello\r\n0\r\n\r\n", "",             // whitespace with no extension
                "5;\r\nhello\r\n0\r\n\r\n", "",             // an extension without a name
                "5;a=\"open\r\nhello\r\n0\r\n\r\n", "",     // an unterminated quoted value
                "5\nhello\r\n0\r\n\r\n", "",                // a bare LF
                "3\r\nhello\r\n0\r\n\r\n", "3\r\nhel",     // data longer than its size
                "1000000000000000\r\n", "",                  // sixteen hex digits
                "0\r\nBad Trailer: x\r\n\r\n", "0\r\n");     // an invalid trailer
        for (Map.Entry<String, String> broken : brokenChunks.entrySet()) {
            String input = head + broken.getKey() + "GET /after HTTP/1.1\r\nHost: a\r\n\r\n";
            // The head went on in an earlier read than the broken piece: the body is cut there.
            for (int readSize : new int[] {1, 3}) {
                Passed passed = feed(input, readSize);

                assertThat(passed.bytes()).as(broken.getKey()).isEqualTo(head + broken.getValue());
                assertThat(passed.messages()).as(broken.getKey()).singleElement()
                        .isInstanceOfSatisfying(LastHttpContent.class, last ->
                                assertThat(last.decoderResult().cause())
                                        .isInstanceOf(StrictRequestFraming.Refused.class));
            }
            // All in one read: nothing of the request goes on; the head itself is refused.
            Passed whole = feed(input, input.length());
            assertThat(whole.bytes()).as(broken.getKey()).isEmpty();
            assertThat(whole.messages()).as(broken.getKey()).singleElement()
                    .isInstanceOfSatisfying(HttpRequest.class, refused -> assertThat(refused.decoderResult().cause())
                            .isInstanceOf(StrictRequestFraming.Refused.class)
                            .hasMessageStartingWith("request body is malformed: "));
        }
    }

    @Test
    void anOversizedHeadOrRequestLineGetsTheDecodersOwnRefusal() {
        // Beyond the request-line limit plus the header limit, the handler refuses without waiting for the end.
        Passed hugeLine = feed("GET /" + "a".repeat(30_000) + " HTTP/1.1\r\nHost: a\r\n\r\n", 1024);
        assertThat(hugeLine.bytes()).isEmpty();
        assertThat(hugeLine.messages()).singleElement().isInstanceOfSatisfying(HttpRequest.class, refused ->
                assertThat(refused.decoderResult().cause()).isInstanceOf(TooLongHttpLineException.class));

        Passed hugeHead = feed("GET / HTTP/1.1\r\nHost: a\r\nX: " + "b".repeat(30_000) + "\r\n\r\n", 1024);
        assertThat(hugeHead.bytes()).isEmpty();
        assertThat(hugeHead.messages()).singleElement().isInstanceOfSatisfying(HttpRequest.class, refused ->
                assertThat(refused.decoderResult().cause()).isInstanceOf(TooLongHttpHeaderException.class));
    }

    @Test
    void whatIsHeldWhenTheHandlerLeavesIsHandedOn() {
        EmbeddedChannel channel = new EmbeddedChannel(new StrictRequestFraming(16 * 1024));
        channel.writeInbound(Unpooled.copiedBuffer("GET /ws HTTP/1.1\r\nHost: a\r\n\r\n\u0081\u0002",
                StandardCharsets.ISO_8859_1));
        ByteBuf head = channel.readInbound();
        assertThat(head.toString(StandardCharsets.ISO_8859_1)).isEqualTo("GET /ws HTTP/1.1\r\nHost: a\r\n\r\n");
        head.release();

        channel.pipeline().remove(StrictRequestFraming.class);

        ByteBuf rest = channel.readInbound();
        assertThat(rest.toString(StandardCharsets.ISO_8859_1)).isEqualTo("\u0081\u0002");
        rest.release();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void itSaysWhenItHoldsTheStartOfAHeadAndNothingElseCounts() {
        StrictRequestFraming framing = new StrictRequestFraming(16 * 1024);
        EmbeddedChannel channel = new EmbeddedChannel(framing);
        assertThat(framing.holdsPartOfAHead()).isFalse();
        channel.writeInbound(ascii("\r\n"));
        assertThat(framing.holdsPartOfAHead()).as("an empty line between requests").isFalse();
        channel.writeInbound(ascii("POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nab"));
        assertThat(framing.holdsPartOfAHead()).as("a body under way").isFalse();
        channel.writeInbound(ascii("cdGET /c HTTP/1.1\r\nHo"));
        assertThat(framing.holdsPartOfAHead()).as("the next head begun").isTrue();
        channel.writeInbound(ascii("st: a\r\n\r\n"));
        assertThat(framing.holdsPartOfAHead()).as("that head complete").isFalse();
        channel.finishAndReleaseAll();
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    }
}
