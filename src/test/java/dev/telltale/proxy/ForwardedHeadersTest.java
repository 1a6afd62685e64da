package dev.telltale.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ForwardedHeadersTest {

    private static final ForwardedHeaders.ClientFacts CLIENT = new ForwardedHeaders.ClientFacts("10.1.2.3", null, "http");

    @Test
    void upstreamRequestDropsHopByHopAndKeepsChunkedFraming() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/a");
        request.headers().set("Host", "shop.test").set("Connection", "close, X-Hop").set("X-Hop", "1")
                .set("Transfer-Encoding", "chunked").set("TE", "trailers").set("Expect", "100-continue")
                .set("X-Keep", "yes").set("Content-Length", "5").set("x-request-id", "theirs")
                .add("Via", "1.0 edge").add("Via", "1.1 cache").set("X-Forwarded-For", "192.0.2.1");

        assertThat(written(request, "/b", false)).isEqualTo("POST /b HTTP/1.1\r\n"
                + "Host: shop.test\r\nX-Keep: yes\r\nTransfer-Encoding: chunked\r\n"
                + "X-Forwarded-For: 192.0.2.1, 10.1.2.3\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: shop.test\r\n"
                + "Via: 1.0 edge, 1.1 cache, 1.1 telltale\r\nX-Request-Id: id\r\n\r\n");
        // The client's head is left as it came.
        assertThat(request.uri()).isEqualTo("/a");
        assertThat(request.headers().get("Connection")).isEqualTo("close, X-Hop");
    }

    @Test
    void http10RequestWithoutHostGetsTheTargetAsHost() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/");
        assertThat(written(request, "/", false)).isEqualTo("GET / HTTP/1.1\r\nHost: app:3000\r\n"
                + "X-Forwarded-For: 10.1.2.3\r\nX-Forwarded-Proto: http\r\nVia: 1.1 telltale\r\nX-Request-Id: id\r\n\r\n");
    }

    @Test
    void websocketUpgradeKeepsUpgradeHeaders() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws");
        request.headers().set("Host", "a").set("Connection", "Upgrade").set("Upgrade", "websocket")
                .set("Sec-WebSocket-Key", "k");
        assertThat(written(request, "/ws", true)).startsWith("GET /ws HTTP/1.1\r\nHost: a\r\nSec-WebSocket-Key: k\r\n"
                + "Connection: upgrade\r\nUpgrade: websocket\r\n");
    }

    @Test
    void anObsTextByteInAValueGoesOnAsItCame() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        request.headers().set("Host", "a").set("X-Name", "caf\u00e9");
        ByteBuf out = Unpooled.buffer();
        try {
            ForwardedHeaders.write(request, "/", CLIENT, "X-Request-Id", "id", "app:3000", false, out);
            assertThat(out.toString(StandardCharsets.ISO_8859_1)).contains("X-Name: caf\u00e9\r\n");
        } finally {
            out.release();
        }
    }

    private static String written(HttpRequest request, String uri, boolean websocket) {
        ByteBuf out = Unpooled.buffer();
        try {
            ForwardedHeaders.write(request, uri, CLIENT, "X-Request-Id", "id", "app:3000", websocket, out);
            return out.toString(StandardCharsets.ISO_8859_1);
        } finally {
            out.release();
        }
    }
}
