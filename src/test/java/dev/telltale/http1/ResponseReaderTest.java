package dev.telltale.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseReaderTest {

    private final ResponseReader reader = new ResponseReader(1024);

    @Test
    void aBodyWithALengthEndsThereAndWhatFollowsIsNotItsOwn() {
        reader.expect(false, false);
        assertThat(steps("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloEXTRA"))
                .containsExactly("head 200", "body hello (5)", "end", "unsolicited");
    }

    @Test
    void aBodyCutIntoReadsComesOutPieceByPiece() {
        reader.expect(false, false);
        assertThat(steps("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhe")).containsExactly("head 200", "body he (2)", "more");
        assertThat(steps("llo")).containsExactly("body llo (3)", "end", "more");
    }

    @Test
    void aChunkedBodyPassesAsItCameCountingItsDataAlone() {
        reader.expect(false, false);
        assertThat(steps("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n"))
                .containsExactly("head 200", "body 5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n (5)", "end", "more");
    }

    @Test
    void aChunkedBodyIsDechunkedWhenAsked() {
        reader.expect(false, true);
        assertThat(steps("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n"))
                .containsExactly("head 200", "body hello (5)", "body abc (3)", "end", "more");
    }

    @Test
    void dechunkingKeepsTheTrailerSectionHoweverTheReadsCutIt() {
        reader.expect(false, true);
        assertThat(steps("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\ngrpc-st"))
                .containsExactly("head 200", "body hello (5)", "more");
        // The caller keeps what a read left unread (the unfinished line) and reads it again with the next bytes.
        assertThat(steps("grpc-status: 0\r\nX-T: 1\r\n\r\n")).containsExactly("end", "more");
        assertThat(reader.trailerSection()).isEqualTo("grpc-status: 0\r\nX-T: 1\r\n\r\n");
        reader.expect(false, true);
        steps("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        assertThat(reader.trailerSection()).as("none came").isNull();
    }

    @Test
    void anUnfinishedChunkLineWaitsForTheNextRead() {
        reader.expect(false, false);
        assertThat(steps("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r"))
                .containsExactly("head 200", "body 5\r\nhello\r\n (5)", "more");
    }

    @Test
    void headRequestsAndBodilessStatusesEndWithTheHead() {
        reader.expect(true, false);
        assertThat(steps("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")).containsExactly("head 200", "end", "more");
        reader.expect(false, false);
        assertThat(steps("HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n")).containsExactly("head 304", "end", "more");
    }

    @Test
    void anInterimHeadIsFollowedByTheFinalOne() {
        reader.expect(false, false);
        assertThat(steps("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"))
                .containsExactly("head 100", "head 200", "end", "more");
    }

    @Test
    void aBodyWithoutLengthRunsToTheClose() {
        reader.expect(false, false);
        assertThat(steps("HTTP/1.0 200 OK\r\n\r\nsome")).containsExactly("head 200", "body some (4)", "more");
        assertThat(reader.closedAtEnd()).isTrue();
    }

    @Test
    void afterAProtocolSwitchTheBytesAreNotHttp() {
        reader.expect(false, false);
        assertThat(steps("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\u0081\u0000"))
                .containsExactly("head 101", "switched");
    }

    @Test
    void aHeadPastItsLimitIsRefused() {
        reader.expect(false, false);
        assertThat(steps("HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(2000) + "\r\n\r\n")).containsExactly("refused");
        assertThat(reader.verdict().violation()).isEqualTo(Violation.HEAD_TOO_LARGE);
    }

    @Test
    void aChunkBrokenInTheHeadsOwnReadIsRefusedBeforeTheHeadGoesOn() {
        reader.expect(false, false);
        assertThat(steps("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")).containsExactly("refused");
        assertThat(reader.verdict().violation()).isEqualTo(Violation.MALFORMED_BODY);
    }

    @Test
    void bytesWhenNothingWasAskedAreUnsolicited() {
        assertThat(steps("HTTP/1.1 200 OK\r\n\r\n")).containsExactly("unsolicited");
    }

    /** Reads {@code text} step by step, as the upstream handler does, until a step that stops the read. */
    @Test
    void readersSharingAHeadKeepTheirOwnResponsesApart() {
        ResponseHead shared = new ResponseHead();
        ResponseReader first = new ResponseReader(1024, shared);
        ResponseReader second = new ResponseReader(1024, shared);
        first.expect(false, true);
        second.expect(false, true);
        assertThat(steps(first, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhe")).containsExactly("head 200", "body he (2)", "more");
        assertThat(steps(second, "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\nX-Long-Name: "
                + "x".repeat(600) + "\r\n\r\n3\r\nabc\r\n"))
                .containsExactly("head 404", "body abc (3)", "more");
        // Each goes on by what it read of its own head, though the shared head now holds the other's.
        assertThat(steps(first, "llo")).containsExactly("body llo (3)", "end", "more");
        assertThat(steps(second, "0\r\n\r\n")).containsExactly("end", "more");
        first.expect(true, true);
        assertThat(steps(first, "HTTP/1.1 204 No Content\r\n\r\n")).containsExactly("head 204", "end", "more");
    }

    private List<String> steps(String text) {
        return steps(reader, text);
    }

    private static List<String> steps(ResponseReader reader, String text) {
        ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
        List<String> steps = new ArrayList<>();
        try {
            while (true) {
                ResponseReader.Step step = reader.next(buf);
                switch (step) {
                    case HEAD -> steps.add("head " + reader.head().status());
                    case BODY -> {
                        ByteBuf piece = reader.piece();
                        steps.add("body " + piece.toString(StandardCharsets.ISO_8859_1) + " (" + reader.pieceBodyBytes() + ")");
                        piece.release();
                    }
                    case END -> steps.add("end");
                    default -> {
                        steps.add(step.name().toLowerCase());
                        return steps;
                    }
                }
            }
        } finally {
            buf.release();
        }
    }
}
