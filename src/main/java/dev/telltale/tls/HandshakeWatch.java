package dev.telltale.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import java.util.function.BooleanSupplier;

/**
 * A client connection's stage that hears how its TLS handshake ended: a failure is counted and
 * logged by {@link HandshakeFailures}; either way the stage then leaves the pipeline.
 */
public final class HandshakeWatch extends ChannelInboundHandlerAdapter {

    private final ListenerTls tls;
    private final BooleanSupplier timedOut;
    /** The certificate this connection was offered: the one current when it was accepted. */
    private final ListenerCertificate offered;

    /** {@code timedOut}: whether the listener's clock for the request head has closed the connection. */
    public HandshakeWatch(ListenerTls tls, BooleanSupplier timedOut) {
        this.tls = tls;
        this.timedOut = timedOut;
        this.offered = tls.current();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent completion) {
            if (!completion.isSuccess()) {
                HandshakeFailure reason = HandshakeFailure.of(completion.cause(), timedOut.getAsBoolean());
                tls.handshakeFailures().record(reason, ctx.channel().remoteAddress(), completion.cause(), offered);
            }
            ctx.pipeline().remove(this);
        }
        ctx.fireUserEventTriggered(evt);
    }
}
