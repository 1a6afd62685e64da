package dev.telltale.http2;

import io.netty.handler.codec.http2.Http2Error;

import java.io.IOException;

/**
 * An HTTP/2 client ended a stream before its answer was whole: with RST_STREAM, or with a GOAWAY that
 * left the stream unprocessed. The proxy ends the exchange as {@code client_closed}, and this says how,
 * with the code the client sent, as the log line's detail.
 */
public final class ClientStreamReset extends IOException {

    private ClientStreamReset(String message) {
        super(message);
    }

    /** No stack trace: this is what a client did, not where the proxy was. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    static ClientStreamReset reset(long code) {
        return new ClientStreamReset("the client reset the HTTP/2 stream (RST_STREAM " + codeName(code) + ")");
    }

    static ClientStreamReset goAway(long code) {
        return new ClientStreamReset("the client closed the HTTP/2 connection (GOAWAY " + codeName(code) + ")");
    }

    /** The code's name (RFC 9113 7), or its number when it has none. */
    static String codeName(long code) {
        Http2Error error = Http2Error.valueOf(code);
        return error != null ? error.name() : "0x" + Long.toHexString(code);
    }
}
