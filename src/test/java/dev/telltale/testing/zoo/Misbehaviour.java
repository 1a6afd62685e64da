package dev.telltale.testing.zoo;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * What a misbehaving upstream does once it has read a whole request head (or, for
 * {@link #onConnect}, as soon as a connection is accepted). Named by behaviour, as in OkHttp's
 * mock server.
 */
public interface Misbehaviour {

    /** Called when a connection is accepted; return true when the behaviour is already complete. */
    default boolean onConnect(ChannelHandlerContext ctx) {
        return false;
    }

    /** Called with the request head (and any bytes after it) once the head is complete. */
    void onRequest(ChannelHandlerContext ctx, ByteBuf request);
}
