package dev.telltale.proxy;

import dev.telltale.http1.RequestHead;
import dev.telltale.http1.Violation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reading of requests off raw bytes, one handler in an {@link EmbeddedChannel}: each head is
 * read into its view and the body goes on as it came, however the stream is cut into reads, and a
 * refusal stops everything after it.
 */
class ClientRequestReaderTest {

    private static final String PIPELINE = "GET /a HTTP/1.1\r\nHost: a\r\n\r\n"
            + "\r\n" // an empty line between requests is allowed (RFC 9112 §2.2)
            + "POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello\r\n\r\nxy"
            + "PUT /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value;q=\"a \\\" b\"\r\nhello\r\n" + "A \t; n\r\n0123456789\r\n"
            + "0\r\nX-Trailer: t\r\n\r\n"
            + "GET /d HTTP/1.0\r\n\r\n";

    /**
     * What the handler passed on: the heads' bytes and the body's, as they went (a chunked body's
     * data alone, then "<0>" for its last chunk and the trailer section as it came), and what each
     * message was: "head M /t", "end N" (the body's data bytes), or "refused: why".
     */
    private record Passed(String bytes, List<String> events) {
    }

    private static Passed feed(String input, int readSize) {
        EmbeddedChannel channel = new EmbeddedChannel(new ClientRequestReader(16 * 1024));
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        for (int at = 0; at < bytes.length; at += readSize) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, at, Math.min(readSize, bytes.length - at)));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> events = new ArrayList<>();
        long data = 0;
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            if (msg instanceof RequestHead head) {
                if (head.isOk()) {
                    out.write(head.bytes(), 0, head.length());
                    events.add("head " + head.methodName() + " " + head.uri());
                } else {
                    events.add("refused " + head.methodName() + " " + head.uri() + ": " + head.verdict().violation()
                            + " " + head.verdict().detail());
                }
            } else if (msg instanceof RequestBodyPiece piece) {
                ByteBuf buf = piece.content();
                byte[] chunk = new byte[buf.readableBytes()];
                buf.getBytes(buf.readerIndex(), chunk);
                if (piece.kind() == RequestBodyPiece.Kind.TRAILERS) {
                    out.writeBytes("<0>".getBytes(StandardCharsets.US_ASCII)); // the last chunk's line, made anew
                }
                out.writeBytes(chunk);
                data += piece.dataBytes();
                if (piece.refusal() != null) {
                    events.add("refused body: " + piece.refusal());
                } else if (piece.last()) {
                    events.add("end " + data);
                    data = 0;
                }
                piece.release();
            } else {
                events.add("other " + msg);
            }
        }
        assertThat(channel.finishAndReleaseAll()).isFalse();
        return new Passed(out.toString(StandardCharsets.ISO_8859_1), events);
    }

    @Test
    void acceptedRequestsPassUnchangedWhateverTheReadSizes() {
        for (int readSize = 1; readSize <= PIPELINE.length(); readSize++) {
            Passed passed = feed(PIPELINE, readSize);
            assertThat(passed.events()).as("read size %d", readSize).containsExactly("head GET /a", "end 0",
                    "head POST /b", "end 11", "head PUT /c", "end 15", "head GET /d", "end 0");
            // All but the empty line between requests, which belongs to none, and the chunk lines.
            assertThat(passed.bytes()).as("read size %d", readSize).isEqualTo(PIPELINE
                    .replace("\r\n\r\n\r\nPOST", "\r\n\r\nPOST")
                    .replace("5;name=value;q=\"a \\\" b\"\r\nhello\r\n" + "A \t; n\r\n0123456789\r\n0\r\n",
                            "hello0123456789<0>"));
        }
    }

    @Test
    void aRefusedHeadGoesOnRefusedAndNothingAfterItPasses() {
        String first = "GET /ok HTTP/1.1\r\nHost: a\r\n\r\n";
        String smuggler = "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nGET /admin HTTP/1.1\r\nHost: a\r\n\r\n";
        for (int readSize : new int[] {1, 7, 64, 4096}) {
            Passed passed = feed(first + smuggler, readSize);

            assertThat(passed.bytes()).isEqualTo(first);
            assertThat(passed.events()).containsExactly("head GET /ok", "end 0", "refused POST /x: MALFORMED_HEAD"
                    + " both Content-Length and Transfer-Encoding (the body length is ambiguous)");
        }
    }

    @Test
    void aBrokenChunkEndsTheBodyWithARefusalAndDropsTheRest() {
        String head = "PUT /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n";
        String passedHead = "PUT /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nhello";
        // Each broken piece of body, and how much of it passes before the refusal in reads of one byte.
        Map<String, String> brokenChunks = Map.of(
                "-5\r\nhello\r\n0\r\n\r\n", "",             // a sign
                "0x5\r\nhello\r\n0\r\n\r\n", "",            // a prefix: 0 then junk
                "5 \r\nhello\r\n0\r\n\r\n", "",             // whitespace with no extension
                "5;\r\nhello\r\n0\r\n\r\n", "",             // an extension without a name
                "5;a=\"open\r\nhello\r\n0\r\n\r\n", "",     // an unterminated quoted value
                "5\nhello\r\n0\r\n\r\n", "",                // a bare LF
                "3\r\nhello\r\n0\r\n\r\n", "hel",          // data longer than its size
                "1000000000000000\r\n", "",                  // sixteen hex digits
                "0\r\nBad Trailer: x\r\n\r\n", "<0>");       // an invalid trailer
        for (Map.Entry<String, String> broken : brokenChunks.entrySet()) {
            String input = head + broken.getKey() + "GET /after HTTP/1.1\r\nHost: a\r\n\r\n";
            // The head went on in an earlier read than the broken piece: the body is cut there.
            for (int readSize : new int[] {1, 3}) {
                Passed passed = feed(input, readSize);

                if (readSize == 1) {
                    assertThat(passed.bytes()).as(broken.getKey()).isEqualTo(passedHead + broken.getValue());
                } else {
                    assertThat(passed.bytes()).as(broken.getKey()).startsWith(passedHead);
                }
                assertThat(passed.events()).as(broken.getKey()).hasSize(2).first().isEqualTo("head PUT /c");
                assertThat(passed.events().get(1)).as(broken.getKey()).startsWith("refused body: ");
            }
            // All in one read: nothing of the request goes on; the head itself is refused.
            Passed whole = feed(input, input.length());
            assertThat(whole.bytes()).as(broken.getKey()).isEmpty();
            assertThat(whole.events()).as(broken.getKey()).singleElement().asString()
                    .startsWith("refused PUT /c: MALFORMED_BODY request body is malformed: ");
        }
    }

    @Test
    void anOversizedHeadOrRequestLineIsRefusedBySizeWholeOrUnfinished() {
        String longLine = "GET /" + "a".repeat(30_000) + " HTTP/1.1\r\nHost: a\r\n\r\n";
        String largeHead = "GET / HTTP/1.1\r\nHost: a\r\nX: " + "b".repeat(30_000) + "\r\n\r\n";
        // Past the request-line limit plus the header limit, the reader refuses without waiting for the end.
        assertThat(feed(longLine, 1024).events()).singleElement().asString()
                .startsWith("refused - -: " + Violation.START_LINE_TOO_LONG);
        assertThat(feed(largeHead, 1024).events()).singleElement().asString()
                .startsWith("refused - -: " + Violation.HEAD_TOO_LARGE);
        // Whole in one read, and within that sum, each limit still holds.
        String lineOver = "GET /" + "a".repeat(9_000) + " HTTP/1.1\r\nHost: a\r\n\r\n";
        String fieldsOver = "GET / HTTP/1.1\r\nHost: a\r\nX: " + "b".repeat(20_000) + "\r\n\r\n";
        assertThat(feed(lineOver, lineOver.length()).events()).singleElement().asString()
                .startsWith("refused GET /aaa").contains(": " + Violation.START_LINE_TOO_LONG);
        assertThat(feed(fieldsOver, fieldsOver.length()).events()).singleElement().asString()
                .startsWith("refused GET /: " + Violation.HEAD_TOO_LARGE);
        String fieldsAtLimit = "GET / HTTP/1.1\r\nHost: a\r\nX: " + "b".repeat(16 * 1024 - 14) + "\r\n\r\n";
        assertThat(feed(fieldsAtLimit, fieldsAtLimit.length()).events()).containsExactly("head GET /", "end 0");
    }

    @Test
    void whatIsHeldWhenTheHandlerLeavesIsHandedOn() {
        EmbeddedChannel channel = new EmbeddedChannel(new ClientRequestReader(16 * 1024));
        channel.writeInbound(Unpooled.copiedBuffer("GET /ws HTTP/1.1\r\nHost: a\r\n\r\n\u0081\u0002",
                StandardCharsets.ISO_8859_1));
        RequestHead head = channel.readInbound();
        assertThat(head.uri()).isEqualTo("/ws");
        assertThat((Object) channel.readInbound()).isSameAs(RequestBodyPiece.EMPTY_LAST);

        channel.pipeline().remove(ClientRequestReader.class);

        ByteBuf rest = channel.readInbound();
        assertThat(rest.toString(StandardCharsets.ISO_8859_1)).isEqualTo("\u0081\u0002");
        rest.release();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void itSaysWhenItHoldsTheStartOfAHeadAndNothingElseCounts() {
        ClientRequestReader framing = new ClientRequestReader(16 * 1024);
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
