package dev.telltale.upstream;

import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.Failure;
import dev.telltale.http1.ResponseHeadCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ResponseHeadCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "HTTP/1.1 200 OK\r\n\r\n",
            "HTTP/1.0 404\r\n\r\n",
            "HTTP/1.1 200 \r\nContent-Length: 5\r\n\r\n",
            "HTTP/1.1 204 No Content\r\nX-Empty:\r\nVia:\t1.1 a\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\ncontent-length: 5\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Note: a;b=\"c\"\r\n\r\n",
            "HTTP/1.1 200 Ok with spaces\r\nServer: nginx/1.22.1\r\nDate: Tue, 24 Nov 2026 01:00:00 GMT\r\n\r\n",
    })
    void acceptsAWellFormedHead(String head) {
        assertThat(check(head)).isNull();
    }

    static Stream<Arguments> rejectedHeads() {
        return Stream.of(
                arguments("HTTP/1.1 200 OK\rX: y\r\n\r\n",
                        "response head has a bare CR in \"HTTP/1.1 200 OK\\x0dX: y\""),
                arguments("HTTP/1.1 200 OK\r\nX: a\nY: b\r\n\r\n",
                        "response head has a bare LF in \"X: a\\x0aY: b\""),
                arguments("HTTP/1.1 200 OK\r\nX: a\u0000b\r\n\r\n",
                        "response head has a control byte in \"X: a\\x00b\""),
                arguments("HTTP/1.1 200 OK\r\nX: a\u007Fb\r\n\r\n",
                        "response head has a control byte in \"X: a\\x7fb\""),
                arguments("HTTP/1.2 200 OK\r\n\r\n",
                        "upstream sent an invalid status line \"HTTP/1.2 200 OK\""),
                arguments("HTTP/1.1 099 OK\r\n\r\n",
                        "upstream sent an invalid status line \"HTTP/1.1 099 OK\""),
                arguments("HTTP/1.1 20 OK\r\n\r\n",
                        "upstream sent an invalid status line \"HTTP/1.1 20 OK\""),
                arguments("HTTP/1.1 2000\r\n\r\n",
                        "upstream sent an invalid status line \"HTTP/1.1 2000\""),
                arguments("HTTP/1.1  200 OK\r\n\r\n",
                        "upstream sent an invalid status line \"HTTP/1.1  200 OK\""),
                arguments("HTTP/1.1 200 OK\r\nX: a\r\n folded\r\n\r\n",
                        "response header folded over lines (obs-fold): \" folded\""),
                arguments("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
                        "response Transfer-Encoding \"gzip, chunked\" is not chunked alone"),
                arguments("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
                        "response Transfer-Encoding \"chunked\" is not chunked alone"),
                arguments("HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\n\r\n",
                        "response Transfer-Encoding \"identity\" is not chunked alone"),
                arguments("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
                        "response header line without a name and colon: \"no colon here\""),
                arguments("HTTP/1.1 200 OK\r\n: value\r\n\r\n",
                        "response header line without a name and colon: \": value\""),
                arguments("HTTP/1.1 200 OK\r\nContent-Length : 5\r\n\r\n",
                        "invalid response header name \"Content-Length \""),
                arguments("HTTP/1.1 200 OK\r\nX(y): 5\r\n\r\n",
                        "invalid response header name \"X(y)\""),
                arguments("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nCONTENT-LENGTH: 3\r\n\r\n",
                        "conflicting Content-Length values 2 and 3"),
                arguments("HTTP/1.1 200 OK\r\nContent-Length: 2, 3\r\n\r\n",
                        "conflicting Content-Length values 2 and 3"),
                arguments("HTTP/1.1 200 OK\r\ncontent-length: 2\r\nTransfer-Encoding: chunked\r\n\r\n",
                        "response has both Content-Length and Transfer-Encoding (its length is ambiguous)"));
    }

    @ParameterizedTest
    @MethodSource("rejectedHeads")
    void rejectsWhatTwoParsersCouldReadTwoWays(String head, String detail) {
        ExchangeFailure failure = check(head);

        assertThat(failure).isNotNull();
        assertThat(failure.failure()).isEqualTo(Failure.HTTP_PROTOCOL_ERROR);
        assertThat(failure.detail()).isEqualTo(detail);
    }

    @Test
    void readsOnlyTheGivenHeadFromTheReaderIndex() {
        // Bytes before the reader index and after the head (the body) are not part of the head.
        ByteBuf buf = Unpooled.copiedBuffer("garbage\u0000HTTP/1.1 200 OK\r\nA: b\r\n\r\nbody\u0000\r\n",
                StandardCharsets.ISO_8859_1);
        try {
            buf.readerIndex(8);
            assertThat(WireFailures.ofResponseVerdict(ResponseHeadCheck.check(buf, "HTTP/1.1 200 OK\r\nA: b\r\n\r\n".length()))).isNull();
        } finally {
            buf.release();
        }
    }

    private static ExchangeFailure check(String head) {
        ByteBuf buf = Unpooled.copiedBuffer(head, StandardCharsets.ISO_8859_1);
        try {
            return WireFailures.ofResponseVerdict(ResponseHeadCheck.check(buf, buf.readableBytes()));
        } finally {
            buf.release();
        }
    }
}
