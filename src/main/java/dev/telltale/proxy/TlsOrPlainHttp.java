package dev.telltale.proxy;

import dev.telltale.tls.ListenerTls;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

/**
 * The first stage on a TLS listener: a TLS record becomes the TLS stage, and plain HTTP (an
 * http:// URL for an https:// port) is let through unencrypted so that it can be answered, as
 * nginx does, with a 400 that says what happened, instead of a dropped connection. The TLS stage
 * uses the listener's certificate as it is when the first record comes (a reload swaps it).
 */
final class TlsOrPlainHttp extends OptionalSslHandler {

    private final ListenerTls tls;
    private final Runnable onPlainHttp;
    private final boolean headTimerOn;

    /** {@code headTimerOn}: {@code client_header_timeout} bounds the handshake, so TLS needs no clock of its own. */
    TlsOrPlainHttp(ListenerTls tls, Runnable onPlainHttp, boolean headTimerOn) {
        super(tls.context());
        this.tls = tls;
        this.onPlainHttp = onPlainHttp;
        this.headTimerOn = headTimerOn;
    }

    @Override
    protected SslHandler newSslHandler(ChannelHandlerContext context, SslContext ignored) {
        SslHandler handler = tls.context().newHandler(context.alloc());
        if (headTimerOn) {
            handler.setHandshakeTimeoutMillis(0);
        }
        return handler;
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
