package dev.telltale.proxy;

import dev.telltale.config.RouteConfig;
import dev.telltale.http1.RequestHead;
import dev.telltale.route.Router;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Writes the request head sent upstream by copying the client's lines, with a proxy's edits:
 * hop-by-hop fields dropped, the framing re-declared for the next hop, {@code X-Forwarded-*} and
 * {@code Via} added, the request ID and the trace context ({@code traceparent}, with the proxy's
 * span as the parent) set. Nothing is decoded into objects or encoded again.
 */
final class ForwardedHeaders {

    static final String VIA = "1.1 telltale";
    static final byte[] VIA_LINE = HeadLines.ascii("Via: ");

    /** The names written here whatever the client sent, and the one never forwarded ({@code Expect}). */
    private static final String[] REPLACED = {"expect", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "via",
        TraceContext.TRACEPARENT};

    private static final byte[] VERSION_LINE = HeadLines.ascii(" HTTP/1.1\r\n");
    private static final byte[] CHUNKED = HeadLines.ascii("Transfer-Encoding: chunked\r\n");
    private static final byte[] UPGRADE = HeadLines.ascii("Connection: upgrade\r\nUpgrade: websocket\r\n");
    private static final byte[] FORWARDED_FOR_LINE = HeadLines.ascii("X-Forwarded-For: ");

    private ForwardedHeaders() {
    }

    /** Writes the head for a request on {@code route}, with the route's prefix stripped if it says so. */
    static void writeForRoute(RequestFacts request, RouteConfig route, String requestIdHeader, String targetHost,
                              ByteBuf out) {
        String uri = route.stripPrefix()
                ? Router.stripPrefix(request.head().uri(), route.match().pathPrefix())
                : request.head().uri();
        write(request.head(), uri, request.client(), requestIdHeader, request.requestId(), request.trace(), targetHost,
                request.websocketUpgrade(), out);
    }

    /**
     * Writes the head sent upstream for {@code request}: always HTTP/1.1 so the connection can be
     * pooled; {@code Host} kept as the client sent it (or set to the target when an HTTP/1.0 client sent none).
     */
    static void write(RequestHead request, String uri, ClientFacts client, String requestIdHeader, String requestId,
                      TraceContext trace, String targetHost, boolean websocketUpgrade, ByteBuf out) {
        // A tracestate belongs to the traceparent it came with: with a new trace, it goes.
        boolean dropTracestate = !trace.continued();
        ByteBufUtil.writeAscii(out, request.method().asciiName());
        out.writeByte(' ');
        ByteBufUtil.writeAscii(out, uri); // the check lets only visible ASCII into a target
        out.writeBytes(VERSION_LINE);
        boolean hostReplaced = request.hostReplaced();
        for (int i = 0; i < request.fieldCount(); i++) {
            if (!HopByHopHeaders.isHopByHop(request, i) && !replaced(request, i, requestIdHeader)
                    && !(hostReplaced && request.nameIs(i, "host"))
                    && !(dropTracestate && request.nameIs(i, TraceContext.TRACESTATE))) {
                HeadLines.copy(request, i, out);
            }
        }
        if (request.chunked()) {
            out.writeBytes(CHUNKED);
        }
        if (websocketUpgrade) {
            out.writeBytes(UPGRADE);
        }
        String host = request.host();
        if (host == null || hostReplaced) {
            HeadLines.field(out, "Host", host == null ? targetHost : host);
        }
        HeadLines.joined(request, "x-forwarded-for", FORWARDED_FOR_LINE, client.address(), out);
        HeadLines.field(out, "X-Forwarded-Proto", client.scheme());
        if (host != null) {
            HeadLines.field(out, "X-Forwarded-Host", host);
        }
        HeadLines.joined(request, "via", VIA_LINE, VIA, out);
        HeadLines.field(out, requestIdHeader, requestId);
        trace.writeLine(out);
        out.writeBytes(HeadLines.CRLF);
    }

    private static boolean replaced(RequestHead request, int field, String requestIdHeader) {
        for (String name : REPLACED) {
            if (request.nameIs(field, name)) {
                return true;
            }
        }
        return request.nameIsIgnoringCase(field, requestIdHeader);
    }

    /** What the proxy knows of the client connection: its address (as text and as an IP, maybe null) and scheme. */
    record ClientFacts(String address, java.net.InetAddress inet, String scheme) {
    }
}
