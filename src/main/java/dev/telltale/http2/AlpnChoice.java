package dev.telltale.http2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;

import java.util.function.Consumer;

/**
 * On a TLS listener that offers HTTP/2: when the handshake has chosen {@code h2} by ALPN, the
 * connection's HTTP/1.1 stages give way to HTTP/2's ({@code toHttp2}); otherwise they stay. What
 * came before the choice is kept and passed to the stages chosen.
 */
public final class AlpnChoice extends ApplicationProtocolNegotiationHandler {

    private final Consumer<ChannelHandlerContext> toHttp2;

    public AlpnChoice(Consumer<ChannelHandlerContext> toHttp2) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.toHttp2 = toHttp2;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            toHttp2.accept(ctx);
        }
    }

    /** A failed handshake is the proxy stage's to close, as on a listener without HTTP/2. */
    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
        // the exception that failed it reaches the proxy stage on its own
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.fireExceptionCaught(cause);
    }
}
