package dev.telltale.upstream;

import dev.telltale.http1.ResponseHead;
import io.netty.buffer.ByteBuf;

/**
 * Where an upstream connection delivers what it reads: the exchange (or health probe) it is
 * serving, which takes ownership of the response's body. Called on the connection's event loop.
 * It is the data path, not an observer: the steps themselves are heard by {@link ExchangeListener}.
 */
public interface ResponseSink {

    /** A response head, interim (1xx) or final; the view is good only during the call. */
    void onResponseHead(ResponseHead head);

    /** The head could not be read: too large, or cut short by the close ({@code cause} says which). */
    void onResponseHeadFailed(Throwable cause);

    /**
     * A piece of the body as the upstream framed it (chunk lines too, unless dechunking was asked for),
     * holding {@code bodyBytes} bytes of the body itself; the sink owns it and must release or forward it.
     */
    void onResponseBody(ByteBuf piece, long bodyBytes);

    /** The response has ended. */
    void onResponseEnd();

    /** The end of one read from the socket: a good moment to flush what was relayed. */
    void onUpstreamReadComplete();

    void onUpstreamWritabilityChanged(boolean writable);

    /** The connection closed while serving this exchange. */
    void onUpstreamClosed();

    /** The connection reported an error; it is closed right after. */
    void onUpstreamError(Throwable cause);

    /** The sink itself threw while handling what the upstream sent: a bug in the proxy. */
    void onInternalError(RuntimeException bug);
}
