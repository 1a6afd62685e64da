package dev.telltale.proxy;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;

/**
 * The first stage on a TLS listener: a TLS record becomes the TLS stage, and plain HTTP (an
 * http:// URL for an https:// port) is let through unencrypted so that it can be answered, as
 * nginx does, with a 400 that says what happened, instead of a dropped connection.
 */
final class TlsOrPlainHttp extends OptionalSslHandler {

    private final Runnable onPlainHttp;

    TlsOrPlainHttp(SslContext tls, Runnable onPlainHttp) {
        super(tls);
        this.onPlainHttp = onPlainHttp;
    }

    @Override
    protected String newSslHandlerName() {
        return "tls";
    }

    @Override
    protected ChannelHandler newNonSslHandler(ChannelHandlerContext context) {
        onPlainHttp.run();
        return null;
    }
}
