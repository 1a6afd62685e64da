package dev.telltale.upstream;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/** What an upstream connection reports to the exchange it is serving. Called on its event loop. */
public interface ResponseListener {

    /** A decoded response head (check its decoder result); never reference-counted content. */
    void onResponseHead(HttpResponse head);

    /** A piece of the response body; the listener owns it and must release or forward it. */
    void onResponseContent(HttpContent content);

    /** The end of one read from the socket: a good moment to flush what was relayed. */
    void onUpstreamReadComplete();

    void onUpstreamWritabilityChanged(boolean writable);

    /** The connection closed while serving this exchange. */
    void onUpstreamClosed();

    /** The connection reported an error; it is closed right after. */
    void onUpstreamError(Throwable cause);

    /** The listener itself threw while handling what the upstream sent: a bug in the proxy. */
    void onInternalError(RuntimeException bug);
}
