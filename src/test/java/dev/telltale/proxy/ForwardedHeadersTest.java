package dev.telltale.proxy;

import dev.telltale.http1.RequestHead;
import dev.telltale.http1.RequestHeadCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The head sent upstream, written from the client's bytes: the lines copied, with a proxy's edits. */
class ForwardedHeadersTest {

    private static final ForwardedHeaders.ClientFacts CLIENT = new ForwardedHeaders.ClientFacts("10.1.2.3", null, "http");
    private static final TraceContext STARTED = new TraceContext(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L,
            0x00f067aa0ba902b7L, 0, true);
    private static final String OURS = "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\n";

    private static RequestHead read(String head) {
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        RequestHead read = RequestHeadCheck.check(bytes, bytes.length);
        assertThat(read.verdict().detail()).isNull();
        return read;
    }

    @Test
    void upstreamRequestDropsHopByHopAndKeepsChunkedFraming() {
        RequestHead request = read("POST /a HTTP/1.1\r\nHost: shop.test\r\nConnection: close, X-Hop\r\nX-Hop: 1\r\n"
                + "Transfer-Encoding: chunked\r\nTE: trailers\r\nExpect: 100-continue\r\nx-keep:  yes \r\n"
                + "x-request-id: theirs\r\nVia: 1.0 edge\r\nVia: 1.1 cache\r\nX-Forwarded-For: 192.0.2.1\r\n\r\n");

        assertThat(written(request, "/b", false)).isEqualTo("POST /b HTTP/1.1\r\n"
                + "Host: shop.test\r\nx-keep:  yes \r\nTransfer-Encoding: chunked\r\n"
                + "X-Forwarded-For: 192.0.2.1, 10.1.2.3\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: shop.test\r\n"
                + "Via: 1.0 edge, 1.1 cache, 1.1 telltale\r\nX-Request-Id: id\r\n" + OURS + "\r\n");
        // The client's head is left as it came.
        assertThat(request.uri()).isEqualTo("/a");
        assertThat(request.value("connection")).isEqualTo("close, X-Hop");
    }

    @Test
    void http10RequestWithoutHostGetsTheTargetAsHost() {
        RequestHead request = read("GET / HTTP/1.0\r\n\r\n");
        assertThat(written(request, "/", false)).isEqualTo("GET / HTTP/1.1\r\nHost: app:3000\r\n"
                + "X-Forwarded-For: 10.1.2.3\r\nX-Forwarded-Proto: http\r\nVia: 1.1 telltale\r\nX-Request-Id: id\r\n" + OURS + "\r\n");
    }

    @Test
    void anAbsoluteFormTargetsAuthorityIsSentAsTheHost() {
        RequestHead request = read("GET http://shop.test:8080/x?y HTTP/1.1\r\nHost: other\r\nAccept: */*\r\n\r\n");
        assertThat(AbsoluteForm.toOriginForm(request)).isNull();

        assertThat(written(request, request.uri(), false)).isEqualTo("GET /x?y HTTP/1.1\r\nAccept: */*\r\n"
                + "Host: shop.test:8080\r\nX-Forwarded-For: 10.1.2.3\r\nX-Forwarded-Proto: http\r\n"
                + "X-Forwarded-Host: shop.test:8080\r\nVia: 1.1 telltale\r\nX-Request-Id: id\r\n" + OURS + "\r\n");
    }

    @Test
    void websocketUpgradeKeepsUpgradeHeaders() {
        RequestHead request = read("GET /ws HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Key: k\r\n\r\n");
        assertThat(written(request, "/ws", true)).startsWith("GET /ws HTTP/1.1\r\nHost: a\r\nSec-WebSocket-Key: k\r\n"
                + "Connection: upgrade\r\nUpgrade: websocket\r\n");
    }

    @Test
    void anObsTextByteInAValueGoesOnAsItCame() {
        RequestHead request = read("GET / HTTP/1.1\r\nHost: a\r\nX-Name: caf\u00e9\r\n\r\n");
        assertThat(written(request, "/", false)).contains("X-Name: caf\u00e9\r\n");
    }

    @Test
    void aContinuedTraceGoesOnWithTheProxysSpanAsParentAndItsTracestate() {
        RequestHead request = read("GET / HTTP/1.1\r\nHost: a\r\n"
                + "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\r\n"
                + "tracestate: congo=t61rcWkgMzE\r\n\r\n");
        TraceContext trace = TraceContext.of(request);
        assertThat(trace.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(trace.parentSpanId()).isEqualTo("b7ad6b7169203331");

        String head = written(request, "/", false, trace);
        assertThat(head).contains("tracestate: congo=t61rcWkgMzE\r\n")
                .contains("traceparent: 00-0af7651916cd43dd8448eb211c80319c-" + trace.spanId() + "-01\r\n")
                .doesNotContain("b7ad6b7169203331");
        assertThat(head.split("traceparent", -1)).hasSize(2);
    }

    @Test
    void aMalformedTraceparentStartsANewTraceAndItsTracestateIsDropped() {
        RequestHead request = read("GET / HTTP/1.1\r\nHost: a\r\n"
                + "traceparent: 00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01\r\n"
                + "tracestate: congo=t61rcWkgMzE\r\n\r\n");
        TraceContext trace = TraceContext.of(request);
        assertThat(trace.continued()).isFalse();
        assertThat(trace.traceId()).isNotEqualToIgnoringCase("0af7651916cd43dd8448eb211c80319c").hasSize(32);

        String head = written(request, "/", false, trace);
        assertThat(head).doesNotContain("tracestate").doesNotContain("0AF7651916")
                .contains("traceparent: " + trace.traceparent() + "\r\n");
    }

    @Test
    void twoTraceparentFieldsAreNotContinued() {
        RequestHead request = read("GET / HTTP/1.1\r\nHost: a\r\n"
                + "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\r\n"
                + "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203332-01\r\n\r\n");
        assertThat(TraceContext.of(request).continued()).isFalse();
    }

    private static String written(RequestHead request, String uri, boolean websocket) {
        return written(request, uri, websocket, STARTED);
    }

    private static String written(RequestHead request, String uri, boolean websocket, TraceContext trace) {
        ByteBuf out = Unpooled.buffer();
        try {
            ForwardedHeaders.write(request, uri, CLIENT, "X-Request-Id", "id", trace, "app:3000", websocket, out);
            return out.toString(StandardCharsets.ISO_8859_1);
        } finally {
            out.release();
        }
    }
}
