package dev.telltale.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * Netty's encoder for the proxy's own answers only (the error pages, 100 Continue). A relayed
 * response is already bytes ({@link ClientResponseHead} and the upstream's body) and passes untouched.
 */
final class ClientResponseEncoder extends HttpResponseEncoder {

    @Override
    public boolean acceptOutboundMessage(Object msg) throws Exception {
        return !(msg instanceof ByteBuf) && super.acceptOutboundMessage(msg);
    }
}
