package dev.telltale.proxy;

import dev.telltale.config.RouteConfig;
import dev.telltale.route.Router;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Rewrites message heads as they cross the proxy: hop-by-hop headers dropped, the framing
 * re-declared for the next hop, {@code X-Forwarded-*} and {@code Via} added, the request ID set.
 */
final class ForwardedHeaders {

    static final String VIA = "1.1 telltale";

    private ForwardedHeaders() {
    }

    /** The head sent upstream for a request on {@code route}, with the route's prefix stripped if it says so. */
    static HttpRequest forRoute(RequestFacts request, RouteConfig route, String requestIdHeader, String targetHost) {
        String uri = route.stripPrefix()
                ? Router.stripPrefix(request.head().uri(), route.match().pathPrefix())
                : request.head().uri();
        return upstreamRequest(request.head(), uri, request.client(), requestIdHeader, request.requestId(),
                targetHost, request.websocketUpgrade());
    }

    /**
     * The head sent upstream for {@code request}: always HTTP/1.1 so the connection can be pooled;
     * {@code Host} kept as the client sent it (or set to the target when an HTTP/1.0 client sent none).
     * Takes over {@code request}'s headers.
     */
    static HttpRequest upstreamRequest(HttpRequest request, String uri, ClientFacts client,
                                       String requestIdHeader, String requestId, String targetHost,
                                       boolean websocketUpgrade) {
        // Rewritten in place, not copied: after RequestFacts, the proxy reads only Accept from them.
        HttpHeaders headers = request.headers();
        String host = headers.get(HttpHeaderNames.HOST);
        boolean chunked = HttpUtil.isTransferEncodingChunked(request);
        HopByHopHeaders.strip(headers);
        headers.remove(HttpHeaderNames.EXPECT);
        if (chunked) {
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        if (websocketUpgrade) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            headers.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
        }
        if (!headers.contains(HttpHeaderNames.HOST)) {
            headers.set(HttpHeaderNames.HOST, targetHost);
        }
        String forwardedFor = headers.get("x-forwarded-for");
        headers.set("x-forwarded-for", forwardedFor == null || forwardedFor.isBlank()
                ? client.address() : forwardedFor + ", " + client.address());
        headers.set("x-forwarded-proto", client.scheme());
        if (host != null) {
            headers.set("x-forwarded-host", host);
        }
        appendVia(headers);
        headers.set(requestIdHeader, requestId);
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, request.method(), uri, headers);
    }

    private static void appendVia(HttpHeaders headers) {
        String via = headers.get(HttpHeaderNames.VIA);
        headers.set(HttpHeaderNames.VIA, via == null || via.isBlank() ? VIA : via + ", " + VIA);
    }

    /** What the proxy knows of the client connection: its address (as text and as an IP, maybe null) and scheme. */
    record ClientFacts(String address, java.net.InetAddress inet, String scheme) {
    }
}
