package dev.telltale.proxy;

import io.netty.handler.timeout.IdleStateHandler;

/**
 * The two clocks of a client connection between requests: {@code keepalive_timeout} for the
 * wait before a request begins and {@code client_header_timeout} for a head begun but not
 * complete. Both run in stages of their own; the proxy stage tells them where a request stands.
 * An HTTP/2 stream has neither ({@link #NONE}): its head comes whole, and it carries one request.
 */
final class ClientClocks {

    /** No clocks: for an HTTP/2 stream, whose connection keeps its own idle clock. */
    static final ClientClocks NONE = new ClientClocks(null, null);

    private final IdleStateHandler keepalive;
    private final RequestHeadTimer headTimer;

    ClientClocks(IdleStateHandler keepalive, RequestHeadTimer headTimer) {
        this.keepalive = keepalive;
        this.headTimer = headTimer;
    }

    /** The whole head of a request is in: no head clock runs until its answer ends. */
    void headReceived() {
        if (headTimer != null) {
            headTimer.headReceived();
        }
    }

    /** An answer ended and the connection stays: both clocks count from now, not from the request. */
    void answerEnded() {
        if (headTimer != null) {
            keepalive.resetReadTimeout();
            headTimer.expectHead();
        }
    }

    /** Some of the awaited head has come and its own clock governs, not {@code keepalive_timeout}. */
    boolean headBegun() {
        return headTimer != null && headTimer.headBegun();
    }

    /** How long the current head has been awaited, in milliseconds. */
    long headWaitedMillis() {
        return headTimer == null ? 0 : headTimer.waitedMillis();
    }
}
