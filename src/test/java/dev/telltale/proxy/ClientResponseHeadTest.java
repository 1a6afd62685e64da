package dev.telltale.proxy;

import dev.telltale.http1.ResponseHead;
import dev.telltale.http1.ResponseHeads;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ClientResponseHeadTest {

    private static final String KEEP_ALIVE_HEAD = "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n"
            + "Content-Type: text/plain\r\n\r\n";

    @Test
    void aResponseWithoutLengthIsChunkedForHttp11AndCloseDelimitedForHttp10() {
        ResponseHead head = read(KEEP_ALIVE_HEAD);
        ClientResponseHead.Framing for11 = ClientResponseHead.Framing.of(head, true, false, true);
        assertThat(for11).isEqualTo(new ClientResponseHead.Framing(true, true, null));
        assertThat(ClientResponseHead.Framing.of(head, true, false, true)).as("made once, not per response").isSameAs(for11);
        assertThat(written(head, for11)).isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                + "Transfer-Encoding: chunked\r\nVia: 1.1 telltale\r\nX-Request-Id: id\r\n\r\n");

        ClientResponseHead.Framing for10 = ClientResponseHead.Framing.of(head, true, true, true);
        assertThat(for10).isEqualTo(new ClientResponseHead.Framing(false, false, "close"));
        assertThat(written(head, for10)).contains("Connection: close\r\n").doesNotContain("Transfer-Encoding");
    }

    @Test
    void aLengthIsKeptAndAnHttp10ClientIsToldKeepAlive() {
        ResponseHead head = read("HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\n");
        ClientResponseHead.Framing framing = ClientResponseHead.Framing.of(head, true, true, true);
        assertThat(written(head, framing)).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"
                + "Connection: keep-alive\r\nVia: 1.1 telltale\r\nX-Request-Id: id\r\n\r\n");
    }

    @Test
    void aChunkedBodyPassesAsItCameAndAHeadAnswerKeepsItsFraming() {
        ResponseHead head = read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        assertThat(ClientResponseHead.Framing.of(head, true, false, true))
                .isEqualTo(new ClientResponseHead.Framing(true, false, null));
        assertThat(ClientResponseHead.Framing.of(head, false, false, true))
                .isEqualTo(new ClientResponseHead.Framing(true, false, null));
        ResponseHead noBody = read("HTTP/1.1 204 No Content\r\n\r\n");
        assertThat(ClientResponseHead.Framing.of(noBody, false, false, false))
                .isEqualTo(new ClientResponseHead.Framing(false, false, "close"));
    }

    @Test
    void hopByHopFieldsAndTheOnesConnectionNamesGoViaIsExtendedAndTheRequestIdReplaced() {
        ResponseHead head = read("HTTP/1.1 503 Busy Now\r\nConnection: close, X-Secret\r\nx-secret: 1\r\n"
                + "Proxy-Authenticate: Basic\r\nTE: trailers\r\nTrailer: X\r\nUpgrade: h2c\r\nProxy: p\r\n"
                + "Via: 1.0 edge\r\nX-Request-Id: theirs\r\nVia: 1.1 cache\r\nContent-Length: 0\r\nX-Kept:  a b \r\n\r\n");
        String out = written(head, ClientResponseHead.Framing.of(head, true, false, true));
        assertThat(out).isEqualTo("HTTP/1.1 503 Busy Now\r\nContent-Length: 0\r\nX-Kept:  a b \r\n"
                + "Via: 1.0 edge, 1.1 cache, 1.1 telltale\r\nX-Request-Id: id\r\n\r\n");
    }

    @Test
    void anInterimHeadKeepsItsFieldsAndAddsNothing() {
        ResponseHead head = read("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n");
        assertThat(written(head, ClientResponseHead.Kind.INTERIM, null))
                .isEqualTo("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n");
    }

    @Test
    void aSwitchToWebSocketSaysUpgrade() {
        ResponseHead head = read("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: abc\r\n\r\n");
        assertThat(written(head, ClientResponseHead.Kind.SWITCH, null)).isEqualTo("HTTP/1.1 101 Switching Protocols\r\n"
                + "Sec-WebSocket-Accept: abc\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nVia: 1.1 telltale\r\n"
                + "X-Request-Id: id\r\n\r\n");
    }

    private static String written(ResponseHead head, ClientResponseHead.Framing framing) {
        return written(head, ClientResponseHead.Kind.FINAL, framing);
    }

    private static String written(ResponseHead head, ClientResponseHead.Kind kind, ClientResponseHead.Framing framing) {
        ByteBuf out = Unpooled.buffer();
        try {
            ClientResponseHead.write(head, kind, framing, "X-Request-Id", "id", out);
            return out.toString(StandardCharsets.ISO_8859_1);
        } finally {
            out.release();
        }
    }

    static ResponseHead read(String head) {
        return ResponseHeads.read(head);
    }
}
