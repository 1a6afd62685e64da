package dev.telltale.proxy;

import dev.telltale.config.RouteConfig;
import dev.telltale.route.Router;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes the request head sent upstream, as bytes, from the client's decoded head: hop-by-hop
 * headers dropped, the framing re-declared for the next hop, {@code X-Forwarded-*} and {@code Via}
 * added, the request ID set. The client's head is left as it came; nothing is encoded twice.
 */
final class ForwardedHeaders {

    static final String VIA = "1.1 telltale";

    /** The names written here whatever the client sent, and the ones never forwarded ({@code Expect}). */
    private static final AsciiString[] REPLACED = {
        HttpHeaderNames.EXPECT, AsciiString.cached("x-forwarded-for"), AsciiString.cached("x-forwarded-proto"),
        AsciiString.cached("x-forwarded-host"), HttpHeaderNames.VIA,
    };

    private ForwardedHeaders() {
    }

    /** Writes the head for a request on {@code route}, with the route's prefix stripped if it says so. */
    static void writeForRoute(RequestFacts request, RouteConfig route, String requestIdHeader, String targetHost,
                              ByteBuf out) {
        String uri = route.stripPrefix()
                ? Router.stripPrefix(request.head().uri(), route.match().pathPrefix())
                : request.head().uri();
        write(request.head(), uri, request.client(), requestIdHeader, request.requestId(), targetHost,
                request.websocketUpgrade(), out);
    }

    /**
     * Writes the head sent upstream for {@code request}: always HTTP/1.1 so the connection can be
     * pooled; {@code Host} kept as the client sent it (or set to the target when an HTTP/1.0 client sent none).
     */
    static void write(HttpRequest request, String uri, ClientFacts client, String requestIdHeader, String requestId,
                      String targetHost, boolean websocketUpgrade, ByteBuf out) {
        HttpHeaders headers = request.headers();
        boolean chunked = HttpUtil.isTransferEncodingChunked(request);
        List<String> connectionOptions = headers.contains(HttpHeaderNames.CONNECTION)
                ? HopByHopHeaders.connectionOptions(headers) : List.of();
        ByteBufUtil.writeAscii(out, request.method().asciiName());
        out.writeByte(' ');
        ByteBufUtil.writeUtf8(out, uri); // as Netty's encoder did; the strict check lets only ASCII through
        out.writeBytes(VERSION_LINE);
        Iterator<Map.Entry<CharSequence, CharSequence>> fields = headers.iteratorCharSequence();
        while (fields.hasNext()) {
            Map.Entry<CharSequence, CharSequence> field = fields.next();
            CharSequence name = field.getKey();
            if (!HopByHopHeaders.isHopByHop(name, connectionOptions) && !replaced(name, requestIdHeader)
                    && !(chunked && AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.CONTENT_LENGTH))) {
                writeField(out, name, field.getValue());
            }
        }
        if (chunked) {
            out.writeBytes(CHUNKED);
        }
        if (websocketUpgrade) {
            out.writeBytes(UPGRADE);
        }
        String host = headers.get(HttpHeaderNames.HOST);
        if (host == null) {
            writeField(out, "Host", targetHost);
        }
        writeField(out, "X-Forwarded-For", appended(headers, "x-forwarded-for", client.address()));
        writeField(out, "X-Forwarded-Proto", client.scheme());
        if (host != null) {
            writeField(out, "X-Forwarded-Host", host);
        }
        writeField(out, "Via", appended(headers, HttpHeaderNames.VIA, VIA));
        writeField(out, requestIdHeader, requestId);
        out.writeBytes(CRLF);
    }

    /** The values of list header {@code name} the client sent (each line's, in order), with {@code ours} last. */
    private static String appended(HttpHeaders headers, CharSequence name, String ours) {
        if (!headers.contains(name)) {
            return ours;
        }
        StringBuilder joined = new StringBuilder();
        for (String value : headers.getAll(name)) {
            if (!value.isBlank()) {
                joined.append(value.trim()).append(", ");
            }
        }
        return joined.append(ours).toString();
    }

    private static boolean replaced(CharSequence name, String requestIdHeader) {
        for (AsciiString replacedName : REPLACED) {
            if (replacedName.contentEqualsIgnoreCase(name)) {
                return true;
            }
        }
        return AsciiString.contentEqualsIgnoreCase(name, requestIdHeader);
    }

    /** One decoded field as a line of a head (or of a chunked body's trailers). */
    static void writeField(ByteBuf out, CharSequence name, CharSequence value) {
        ByteBufUtil.writeAscii(out, name);
        out.writeByte(':').writeByte(' ');
        // Values came through the decoder byte for byte (ISO-8859-1) and go out the same way: an
        // obs-text byte stays itself, where Netty's encoder wrote it as '?'.
        for (int i = 0; i < value.length(); i++) {
            out.writeByte(value.charAt(i));
        }
        out.writeBytes(CRLF);
    }

    private static final byte[] VERSION_LINE = " HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CHUNKED = "Transfer-Encoding: chunked\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] UPGRADE = "Connection: upgrade\r\nUpgrade: websocket\r\n"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** What the proxy knows of the client connection: its address (as text and as an IP, maybe null) and scheme. */
    record ClientFacts(String address, java.net.InetAddress inet, String scheme) {
    }
}
