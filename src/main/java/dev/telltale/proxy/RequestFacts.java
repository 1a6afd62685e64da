package dev.telltale.proxy;

import dev.telltale.http1.FieldSyntax;
import dev.telltale.http1.RequestHead;
import io.netty.handler.codec.http.HttpMethod;

import java.util.Set;

/**
 * What an exchange needs to know about the client's request, decided once from its head. A gRPC
 * request ({@code grpc}: its content type is {@code application/grpc}, or a {@code +proto} or
 * {@code -web} kind of it) gets the proxy's own answers in gRPC's words, not a page, and its response
 * is framed by the proxy, so that trailers can end it whatever happens.
 */
record RequestFacts(
        RequestHead head,
        String requestId,
        TraceContext trace,
        ForwardedHeaders.ClientFacts client,
        boolean keepAlive,
        boolean expectsContinue,
        boolean websocketUpgrade,
        boolean idempotent, // by its method, or because it carries an Idempotency-Key
        boolean hasBody,
        boolean grpc, // content-type application/grpc...: see above
        boolean flowControlled, // an HTTP/2 stream: the client sends no more body than the proxy allows
        long startNanos) {

    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.TRACE, HttpMethod.PUT, HttpMethod.DELETE);

    /**
     * The IETF httpapi draft's header: the client says the server deduplicates the request, so
     * trying it again after a keep-alive race is as safe as for an idempotent method.
     */
    static final String IDEMPOTENCY_KEY = "idempotency-key";

    static RequestFacts of(RequestHead head, String requestId, ForwardedHeaders.ClientFacts client, long startNanos) {
        return of(head, requestId, client, false, startNanos);
    }

    /** As above; {@code flowControlled}: the request came on an HTTP/2 stream. */
    static RequestFacts of(RequestHead head, String requestId, ForwardedHeaders.ClientFacts client,
                           boolean flowControlled, long startNanos) {
        return new RequestFacts(head, requestId, TraceContext.of(head), client,
                head.keepAlive(),
                head.expectsContinue(),
                isWebsocketUpgrade(head),
                IDEMPOTENT.contains(head.method()) || head.find(IDEMPOTENCY_KEY) >= 0,
                head.hasBody(),
                // A gRPC call always has a body: the other requests, most of them, need no look.
                head.hasBody() && head.valueStartsWith("content-type", "application/grpc"),
                flowControlled,
                startNanos);
    }

    private static boolean isWebsocketUpgrade(RequestHead head) {
        int upgrade = head.find("upgrade");
        return upgrade >= 0 && FieldSyntax.nameIs(head.bytes(), head.valueStart(upgrade), head.valueEnd(upgrade),
                "websocket") && head.connectionHas("upgrade");
    }

    /** A HEAD request: its response has no body, whatever the head says. */
    boolean headMethod() {
        return head.method().equals(HttpMethod.HEAD);
    }

    /** An HTTP/1.0 client: it reads no chunks, and keeps the connection only when told keep-alive. */
    boolean http10() {
        return head.http10();
    }

    /** Milliseconds since the request's head began to arrive. */
    long millisSinceStart() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
