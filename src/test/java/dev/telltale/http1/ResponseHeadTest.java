package dev.telltale.http1;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The head read once on its bytes: what the relay asks of it, with no text made. */
class ResponseHeadTest {

    @Test
    void theStatusTheFramingAndTheFieldsAreFoundOnTheBytes() {
        ResponseHead head = read("HTTP/1.1 404 Not Found\r\nContent-Length: 7, 7\r\nX-A:  spaced value \r\n\r\n");
        assertThat(head.status()).isEqualTo(404);
        assertThat(head.http10()).isFalse();
        assertThat(head.contentLength()).isEqualTo(7);
        assertThat(head.chunked()).isFalse();
        assertThat(head.fieldCount()).isEqualTo(2);
        assertThat(head.nameIs(1, "x-a")).isTrue();
        assertThat(head.nameIsIgnoringCase(1, "X-A")).isTrue();
        assertThat(text(head, head.valueStart(1), head.valueEnd(1))).isEqualTo("spaced value");
        assertThat(text(head, head.lineStart(1), head.lineEnd(1))).isEqualTo("X-A:  spaced value ");
        assertThat(text(head, head.statusFrom(), head.statusTo())).isEqualTo("404 Not Found");
    }

    @Test
    void keepAliveFollowsTheVersionAndConnection() {
        assertThat(read("HTTP/1.1 200 OK\r\n\r\n").keepAlive()).isTrue();
        assertThat(read("HTTP/1.1 200 OK\r\nConnection: Keep-Alive, Close\r\n\r\n").keepAlive()).isFalse();
        assertThat(read("HTTP/1.0 200 OK\r\n\r\n").keepAlive()).isFalse();
        assertThat(read("HTTP/1.0 200 OK\r\nconnection: keep-alive\r\n\r\n").keepAlive()).isTrue();
    }

    @Test
    void theKeepAliveTimeoutIsReadWhereverItIsListed() {
        assertThat(read("HTTP/1.1 200 OK\r\nKeep-Alive: max=100, Timeout = 10\r\n\r\n").keepAliveTimeoutSeconds())
                .isEqualTo(10);
        assertThat(read("HTTP/1.1 200 OK\r\nKeep-Alive: max=100\r\n\r\n").keepAliveTimeoutSeconds()).isEqualTo(-1);
        assertThat(read("HTTP/1.1 200 OK\r\nKeep-Alive: timeout=-5\r\n\r\n").keepAliveTimeoutSeconds()).isEqualTo(-1);
        assertThat(read("HTTP/1.1 200 OK\r\n\r\n").keepAliveTimeoutSeconds()).isEqualTo(-1);
    }

    @Test
    void aChunkedHeadHasNoLength() {
        ResponseHead head = read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        assertThat(head.chunked()).isTrue();
        assertThat(head.contentLength()).isEqualTo(-1);
    }

    private static String text(ResponseHead head, int from, int to) {
        return new String(head.bytes(), from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static ResponseHead read(String text) {
        return ResponseHeads.read(text);
    }
}
