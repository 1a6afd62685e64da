package dev.telltale.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

import java.util.Set;

/** What an exchange needs to know about the client's request, decided once from its head. */
record RequestFacts(
        HttpRequest head,
        String requestId,
        ForwardedHeaders.ClientFacts client,
        boolean keepAlive,
        boolean expectsContinue,
        boolean websocketUpgrade,
        boolean idempotent, // by its method, or because it carries an Idempotency-Key
        boolean hasBody,
        long startNanos) {

    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.TRACE, HttpMethod.PUT, HttpMethod.DELETE);

    /**
     * The IETF httpapi draft's header: the client says the server deduplicates the request, so
     * trying it again after a keep-alive race is as safe as for an idempotent method.
     */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    static RequestFacts of(HttpRequest head, String requestId, ForwardedHeaders.ClientFacts client, long startNanos) {
        return new RequestFacts(head, requestId, client,
                HttpUtil.isKeepAlive(head),
                HttpUtil.is100ContinueExpected(head),
                isWebsocketUpgrade(head),
                IDEMPOTENT.contains(head.method()) || head.headers().contains(IDEMPOTENCY_KEY),
                HttpUtil.isTransferEncodingChunked(head) || HttpUtil.getContentLength(head, 0L) > 0,
                startNanos);
    }

    private static boolean isWebsocketUpgrade(HttpRequest head) {
        String upgrade = head.headers().get(HttpHeaderNames.UPGRADE);
        return upgrade != null && upgrade.trim().equalsIgnoreCase(HttpHeaderValues.WEBSOCKET.toString())
                && HopByHopHeaders.connectionHas(head.headers(), "upgrade");
    }

    /** A HEAD request: its response has no body, whatever the head says. */
    boolean headMethod() {
        return head.method().equals(HttpMethod.HEAD);
    }

    /** An HTTP/1.0 client: it reads no chunks, and keeps the connection only when told keep-alive. */
    boolean http10() {
        return head.protocolVersion().equals(HttpVersion.HTTP_1_0);
    }

    /** Milliseconds since the request's head began to arrive. */
    long millisSinceStart() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
