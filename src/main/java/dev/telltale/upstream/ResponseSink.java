package dev.telltale.upstream;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Where an upstream connection delivers what it reads: the exchange (or health probe) it is
 * serving, which takes ownership of the response content. Called on the connection's event loop.
 * It is the data path, not an observer: the steps themselves are heard by {@link ExchangeListener}.
 */
public interface ResponseSink {

    /** A decoded response head (check its decoder result); never reference-counted content. */
    void onResponseHead(HttpResponse head);

    /** A piece of the response body; the sink owns it and must release or forward it. */
    void onResponseContent(HttpContent content);

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
