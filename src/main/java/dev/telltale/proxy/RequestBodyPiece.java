package dev.telltale.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;

/**
 * A piece of a request body, one read's worth at most, a retained slice of what was read (nothing
 * is copied). A Content-Length body goes upstream as it came. A chunked one is framed anew: its
 * data goes as chunks of the proxy's making, without the client's chunk extensions (parsers
 * disagree on them, a way to smuggle), and its trailer section as it came after the last chunk.
 */
final class RequestBodyPiece extends DefaultByteBufHolder {

    /** How the piece is written upstream. */
    enum Kind {
        /** As it is: a Content-Length body's bytes. */
        AS_IS,
        /** Chunk data: framed as a chunk. */
        CHUNK,
        /** The start of the trailer section (maybe only its empty line): the last chunk's line goes first. */
        TRAILERS,
        /** Trailer lines after the first piece of them: as they are. */
        MORE_TRAILERS,
    }

    /** The end of a request with no body. */
    static final RequestBodyPiece EMPTY_LAST = new RequestBodyPiece(Unpooled.EMPTY_BUFFER, Kind.AS_IS, true, null);

    private final Kind kind;
    private final boolean last;
    private final String refusal;

    /** @param last the request ends with this piece */
    RequestBodyPiece(ByteBuf bytes, Kind kind, boolean last) {
        this(bytes, kind, last, null);
    }

    private RequestBodyPiece(ByteBuf bytes, Kind kind, boolean last, String refusal) {
        super(bytes);
        this.kind = kind;
        this.last = last;
        this.refusal = refusal;
    }

    /** What follows the pieces passed on before is malformed ({@code why}): the exchange fails. */
    static RequestBodyPiece refused(String why) {
        return new RequestBodyPiece(Unpooled.EMPTY_BUFFER, Kind.AS_IS, true, why);
    }

    Kind kind() {
        return kind;
    }

    /** The body's own bytes in this piece, without chunk lines or trailers: what the limits and the log count. */
    long dataBytes() {
        return kind == Kind.AS_IS || kind == Kind.CHUNK ? content().readableBytes() : 0;
    }

    boolean last() {
        return last;
    }

    /** Why the body is refused from here, or null. */
    String refusal() {
        return refusal;
    }

    @Override
    public RequestBodyPiece replace(ByteBuf content) {
        return new RequestBodyPiece(content, kind, last, refusal);
    }

    @Override
    public RequestBodyPiece retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }
}
