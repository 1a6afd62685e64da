package dev.telltale.proxy;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ForwardedHeadersTest {

    private static final ForwardedHeaders.ClientFacts CLIENT = new ForwardedHeaders.ClientFacts("10.1.2.3", null, "http");

    @Test
    void upstreamRequestDropsHopByHopAndKeepsChunkedFraming() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/a");
        request.headers().set("Host", "shop.test").set("Connection", "close, X-Hop").set("X-Hop", "1")
                .set("Transfer-Encoding", "chunked").set("TE", "trailers").set("Expect", "100-continue")
                .set("X-Keep", "yes");

        HttpRequest forwarded = ForwardedHeaders.upstreamRequest(request, "/b", CLIENT, "X-Request-Id", "id1",
                "app:3000", false);

        assertThat(forwarded.uri()).isEqualTo("/b");
        assertThat(forwarded.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(forwarded.headers().get("Connection")).isNull();
        assertThat(forwarded.headers().get("X-Hop")).isNull();
        assertThat(forwarded.headers().get("TE")).isNull();
        assertThat(forwarded.headers().get("Expect")).isNull();
        assertThat(forwarded.headers().get("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(forwarded.headers().get("X-Keep")).isEqualTo("yes");
        assertThat(forwarded.headers().get("X-Request-Id")).isEqualTo("id1");
        assertThat(forwarded.headers().get("X-Forwarded-For")).isEqualTo("10.1.2.3");
        assertThat(forwarded.headers().get("X-Forwarded-Host")).isEqualTo("shop.test");
        // Rewritten in place rather than copied (a copy per request showed in allocation profiles);
        // the client's head keeps its own version and target.
        assertThat(forwarded.headers()).isSameAs(request.headers());
        assertThat(request.uri()).isEqualTo("/a");
    }

    @Test
    void http10RequestWithoutHostGetsTheTargetAsHost() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/");
        HttpRequest forwarded = ForwardedHeaders.upstreamRequest(request, "/", CLIENT, "X-Request-Id", "id",
                "app:3000", false);
        assertThat(forwarded.headers().get("Host")).isEqualTo("app:3000");
        assertThat(forwarded.headers().get("X-Forwarded-Host")).isNull();
    }

    @Test
    void websocketUpgradeKeepsUpgradeHeaders() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws");
        request.headers().set("Host", "a").set("Connection", "Upgrade").set("Upgrade", "websocket")
                .set("Sec-WebSocket-Key", "k");
        HttpRequest forwarded = ForwardedHeaders.upstreamRequest(request, "/ws", CLIENT, "X-Request-Id", "id",
                "app:3000", true);
        assertThat(forwarded.headers().get("Connection")).isEqualTo("upgrade");
        assertThat(forwarded.headers().get("Upgrade")).isEqualTo("websocket");
        assertThat(forwarded.headers().get("Sec-WebSocket-Key")).isEqualTo("k");
    }
}
