package dev.telltale.zoo;

import io.netty.channel.ChannelHandlerContext;

/**
 * What a misbehaving upstream does on a connection: named by behaviour, as in OkHttp's mock server, each the
 * way a real upstream fails. {@link Misbehaviours} is the catalogue.
 */
public interface Misbehaviour {

    /** Called when a connection is accepted; true when the behaviour has already done all it does. */
    default boolean onConnect(ChannelHandlerContext ctx) {
        return false;
    }

    /** True to act on the first bytes, whatever they are: for a TLS ClientHello, which is no HTTP head. */
    default boolean actsOnFirstBytes() {
        return false;
    }

    /** Called once a whole request head has arrived (or the first bytes, see {@link #actsOnFirstBytes}). */
    void onRequest(ChannelHandlerContext ctx);
}
