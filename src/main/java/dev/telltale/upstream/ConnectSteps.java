package dev.telltale.upstream;

import java.net.InetSocketAddress;

/**
 * Watches a new connection pass its steps, so that {@code doctor} can time each one and say which
 * step a classified failure belongs to. Called on the connection's event loop, only for steps
 * that succeeded; the step after the last call is the one that failed.
 */
public interface ConnectSteps {

    ConnectSteps NONE = new ConnectSteps() {
    };

    /** The target's name resolved to {@code address}; the TCP connect starts now. */
    default void resolved(InetSocketAddress address) {
    }

    /** TCP is connected; for a TLS upstream the handshake starts now. */
    default void connected() {
    }
}
