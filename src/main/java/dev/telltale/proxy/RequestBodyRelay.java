package dev.telltale.proxy;

import dev.telltale.config.Sizes;
import dev.telltale.failure.Failure;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

import java.util.ArrayDeque;

/**
 * The client's request body on its way upstream ({@link RequestBodyPiece} says how each piece
 * is framed): held (one read's worth at most, since the
 * client is not read meanwhile) until a connection is ready, then streamed, with reading from
 * the client paused whenever the upstream cannot take more. For a request that may be tried
 * again after it was sent (the keep-alive race), a copy of what was sent is kept, up to a small
 * limit, until the response begins.
 */
final class RequestBodyRelay {

    /** Why a body is refused. */
    record Rejection(Failure failure, String detail) {
    }

    // The exchange's parts (the client's read gate, the deadlines, the limits) are read from it,
    // not copied here: a field is 4 bytes per request.
    private final Exchange exchange;
    /** Made at the first piece held: a request with no body holds nothing. */
    private ArrayDeque<RequestBodyPiece> held;
    /** Copies of what was sent, while the request may still be sent again; null once it cannot be. */
    private ArrayDeque<RequestBodyPiece> replay;
    private long replayBytes;
    private Channel upstream;
    private long bytes;
    private boolean sent;
    private boolean complete;

    /**
     * The relay of the exchange's request body: a copy for a replay is kept of an idempotent request's,
     * and of any request to an HTTP/2 upstream, which can say it did not process a request it took.
     */
    RequestBodyRelay(Exchange exchange) {
        this.exchange = exchange;
        RequestFacts request = exchange.request();
        boolean replayable = request.idempotent() || exchange.upstream().config().protocol().http2();
        if (replayable && request.hasBody() && !request.websocketUpgrade()
                && exchange.route().retry().holdMaxBodyBytes() > 0) {
            replay = new ArrayDeque<>(2);
        }
    }

    /** The client sent its whole body. */
    boolean complete() {
        return complete;
    }

    /** Some body bytes reached an upstream: the request cannot be replayed. */
    boolean sent() {
        return sent;
    }

    boolean holdsNothing() {
        return held == null || held.isEmpty();
    }


    /** Takes one piece of the body (owning it); returns why it is refused, or null. */
    Rejection accept(RequestBodyPiece content, boolean exchangeEnded) {
        if (content.refusal() != null) {
            content.release();
            return new Rejection(Failure.HTTP_REQUEST_ERROR, "request body is malformed: " + content.refusal());
        }
        bytes += content.dataBytes();
        long maxBytes = exchange.runtime().config().listen().maxRequestBodyBytes();
        if (maxBytes > 0 && bytes > maxBytes) {
            content.release();
            return new Rejection(Failure.HTTP_REQUEST_BODY_SIZE,
                    "request body exceeded " + Sizes.describe(maxBytes) + " (listen.max_request_body_bytes)");
        }
        boolean last = content.last();
        if (last) {
            complete = true;
            if (exchange.request().websocketUpgrade()) {
                // Stop reading the client once the request is whole: what follows an upgrade request is the tunnel's.
                exchange.client().readGate().pause(ReadGate.Reason.UPGRADE);
            }
        }
        if (exchangeEnded) {
            content.release();
        } else if (upstream == null) {
            if (content.content().isReadable() || content.kind() == RequestBodyPiece.Kind.TRAILERS) {
                held().add(content);
            } else {
                content.release(); // the end of a bodiless request: nothing to send
            }
        } else {
            Channel up = upstream;
            if (last) {
                exchange.lastPieceGoing();
            }
            write(content);
            up.flush();
            if (upstream != up) {
                return null; // the write found the connection gone, and the exchange has dealt with that
            }
            if (last) {
                exchange.deadlines().requestSent();
            } else if (!upstream.isWritable()) {
                exchange.client().readGate().pause(ReadGate.Reason.BODY_BACKPRESSURE);
                exchange.deadlines().writeStalled();
            }
        }
        return null;
    }

    private ArrayDeque<RequestBodyPiece> held() {
        if (held == null) {
            held = new ArrayDeque<>(2);
        }
        return held;
    }

    /** A connection is ready and the request head is written: send what was held, then stream. */
    void connected(Channel connection) {
        upstream = connection;
        RequestBodyPiece content;
        while (held != null && (content = held.poll()) != null) {
            write(content);
        }
        connection.flush();
        if (upstream != connection) {
            return; // as in accept: the flush found the connection gone
        }
        if (complete) {
            exchange.deadlines().requestSent();
        } else if (upstream.isWritable()) {
            exchange.client().readGate().resume(ReadGate.Reason.BODY_BACKPRESSURE);
        }
    }

    /** The connection is gone; a retry may connect again, and the body is held until then. */
    void disconnected() {
        upstream = null;
    }

    void upstreamWritabilityChanged(boolean writable) {
        if (complete || upstream == null) {
            return;
        }
        if (writable) {
            exchange.deadlines().writeResumed();
            exchange.client().readGate().resume(ReadGate.Reason.BODY_BACKPRESSURE);
        } else {
            exchange.client().readGate().pause(ReadGate.Reason.BODY_BACKPRESSURE);
            exchange.deadlines().writeStalled();
        }
    }

    /** The whole body came and it is no larger than {@code maxBytes}: holding the request reads nothing more. */
    boolean completeWithin(long maxBytes) {
        return complete && bytes <= maxBytes;
    }

    /** True when what was sent is all kept, so that the request can be sent again from its first byte. */
    boolean canResend() {
        return replay != null;
    }

    /** Before a retry: what was sent is held again, ahead of anything read since. */
    void rewind() {
        for (java.util.Iterator<RequestBodyPiece> it = replay.descendingIterator(); it.hasNext(); ) {
            held().addFirst(it.next());
        }
        replay.clear();
        replayBytes = 0;
        sent = false;
    }

    /** The response began: the request will not be sent again. */
    void responseStarted() {
        dropReplay();
    }

    void releaseHeld() {
        RequestBodyPiece content;
        while (held != null && (content = held.poll()) != null) {
            content.release();
        }
        dropReplay();
    }

    private void dropReplay() {
        if (replay != null) {
            RequestBodyPiece content;
            while ((content = replay.poll()) != null) {
                content.release();
            }
            replay = null;
        }
    }

    private void write(RequestBodyPiece content) {
        int size = content.content().readableBytes();
        if (size > 0) {
            sent = true;
        }
        if (replay != null) {
            replayBytes += size;
            if (replayBytes <= exchange.route().retry().holdMaxBodyBytes()) {
                replay.add(content.retainedDuplicate());
            } else {
                dropReplay();
            }
        }
        ByteBuf bytes = content.content();
        if (content.kind() == RequestBodyPiece.Kind.TRAILERS) {
            ChunkedWrites.lastChunkLine(upstream);
        }
        if (!bytes.isReadable()) {
            bytes.release();
        } else if (content.kind() == RequestBodyPiece.Kind.CHUNK) {
            ChunkedWrites.chunk(upstream, bytes);
        } else {
            upstream.write(bytes, upstream.voidPromise()); // the piece's one reference goes with it
        }
    }
}
