package dev.telltale.proxy;

import dev.telltale.http1.ResponseHead;
import io.netty.buffer.ByteBuf;

/**
 * Writes the upstream's response head for the client by copying its bytes, line by line, with the
 * edits a proxy makes: the status line as HTTP/1.1, the hop-by-hop fields dropped
 * ({@link HopByHopHeaders} names them), the framing and {@code Connection} declared for the client's
 * hop, {@code Via} extended and the request ID set. Nothing is decoded into objects.
 */
final class ClientResponseHead {

    /** What the head is: an interim answer, a final head, or the switch to a WebSocket. */
    enum Kind { INTERIM, FINAL, SWITCH }

    private static final byte[] STATUS_LINE = HeadLines.ascii("HTTP/1.1 ");
    private static final byte[] CRLF = HeadLines.CRLF;
    private static final byte[] CHUNKED = HeadLines.ascii("Transfer-Encoding: chunked\r\n");
    private static final byte[] CLOSE = HeadLines.ascii("Connection: close\r\n");
    private static final byte[] KEEP_ALIVE = HeadLines.ascii("Connection: keep-alive\r\n");
    private static final byte[] UPGRADE = HeadLines.ascii("Connection: Upgrade\r\nUpgrade: websocket\r\n");

    private ClientResponseHead() {
    }

    /**
     * How a final response is framed on the client's hop: whether its head declares chunked, whether
     * the proxy chunks the body itself (the upstream gave no length), and what {@code Connection} says
     * ("close", "keep-alive" to an HTTP/1.0 client, or null for nothing).
     */
    record Framing(boolean declareChunked, boolean chunkBody, String connection) {

        /** The connection closes after this response. */
        boolean closesClient() {
            return "close".equals(connection);
        }

        /**
         * For {@code head}, with a body unless the request was HEAD or the status has none, to a
         * client that speaks HTTP/1.0 or not, and keeps its connection or not.
         */
        static Framing of(ResponseHead head, boolean bodyExpected, boolean http10Client, boolean keepAlive) {
            return of(head, bodyExpected, http10Client, keepAlive, false);
        }

        /** As above; {@code dechunked}: a chunked body comes de-chunked, to be chunked anew by the proxy. */
        static Framing of(ResponseHead head, boolean bodyExpected, boolean http10Client, boolean keepAlive,
                          boolean dechunked) {
            boolean hasLength = !head.chunked() && head.contentLength() >= 0;
            // An HTTP/1.0 client reads a body without a length up to the close.
            boolean delimited = !bodyExpected || hasLength || !http10Client;
            boolean declareChunked = bodyExpected ? !hasLength && !http10Client : head.chunked();
            boolean chunkBody = declareChunked && bodyExpected && (!head.chunked() || dechunked);
            boolean persistent = keepAlive && delimited;
            int connection = !persistent ? 0 : http10Client ? 1 : 2;
            return ALL[(declareChunked ? 6 : 0) + (chunkBody ? 3 : 0) + connection];
        }

        /** Every framing there is, made once: a response's is one of these twelve, not a new object. */
        private static final Framing[] ALL = new Framing[12];

        static {
            String[] connections = {"close", "keep-alive", null};
            for (int i = 0; i < ALL.length; i++) {
                ALL[i] = new Framing(i >= 6, i % 6 >= 3, connections[i % 3]);
            }
        }
    }

    /** Writes {@code head} to {@code out}; {@code framing} is for a final head, null otherwise. */
    static void write(ResponseHead head, Kind kind, Framing framing, String requestIdHeader, String requestId,
                      ByteBuf out) {
        byte[] bytes = head.bytes();
        out.writeBytes(STATUS_LINE).writeBytes(bytes, head.statusFrom(), head.statusTo() - head.statusFrom())
                .writeBytes(CRLF);
        for (int i = 0; i < head.fieldCount(); i++) {
            if (!head.nameIs(i, "via") && !HopByHopHeaders.isHopByHop(head, i)
                    && !head.nameIsIgnoringCase(i, requestIdHeader)) {
                HeadLines.copy(head, i, out);
            }
        }
        if (kind == Kind.INTERIM) {
            out.writeBytes(CRLF);
            return;
        }
        if (kind == Kind.SWITCH) {
            out.writeBytes(UPGRADE);
        } else {
            if (framing.declareChunked()) {
                out.writeBytes(CHUNKED);
            }
            if (framing.closesClient()) {
                out.writeBytes(CLOSE);
            } else if (framing.connection() != null) {
                out.writeBytes(KEEP_ALIVE);
            }
        }
        // One Via line: the upstream's own hops, in order, then ours.
        HeadLines.joined(head, "via", ForwardedHeaders.VIA_LINE, ForwardedHeaders.VIA, out);
        HeadLines.field(out, requestIdHeader, requestId);
        out.writeBytes(CRLF);
    }
}
