package dev.telltale.http2;

import io.netty.handler.codec.http2.Http2Error;

import java.io.IOException;

/**
 * An HTTP/2 upstream ended a stream before its response was whole: with RST_STREAM, or with a
 * GOAWAY. {@code processed} is false when the upstream said it did not act on the request (reset
 * with REFUSED_STREAM, or above the last stream a GOAWAY names): such a request may go again, whatever
 * its method. What each means in the failure vocabulary is decided where every wire event is,
 * in {@code WireFailures}.
 */
public final class UpstreamStreamFailure extends IOException {

    /** How the stream ended. */
    public enum Kind { RESET, GOAWAY }

    private final Kind kind;
    private final long code;
    private final boolean processed;

    private UpstreamStreamFailure(Kind kind, long code, boolean processed, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.processed = processed;
    }

    public static UpstreamStreamFailure reset(long code) {
        boolean refused = code == Http2Error.REFUSED_STREAM.code();
        return new UpstreamStreamFailure(Kind.RESET, code, !refused,
                "upstream reset the stream (RST_STREAM " + ClientStreamReset.codeName(code) + ")");
    }

    /** A GOAWAY: {@code processed} when this stream was at or below the last one it names. */
    public static UpstreamStreamFailure goAway(long code, boolean processed) {
        return new UpstreamStreamFailure(Kind.GOAWAY, code, processed,
                "upstream is closing the connection (GOAWAY " + ClientStreamReset.codeName(code) + ")");
    }

    public Kind kind() {
        return kind;
    }

    public long code() {
        return code;
    }

    /** The code's name, e.g. {@code REFUSED_STREAM}. */
    public String codeName() {
        return ClientStreamReset.codeName(code);
    }

    /** False when the upstream said it did not act on the request: it may go again. */
    public boolean processed() {
        return processed;
    }

    /** A GOAWAY with NO_ERROR: the upstream is going away in good order (a restart, a drain). */
    public boolean graceful() {
        return kind == Kind.GOAWAY && code == Http2Error.NO_ERROR.code();
    }

    /** No stack trace: this is what the upstream did, not where the proxy was. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
