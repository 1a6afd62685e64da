package dev.telltale.proxy;

import io.netty.handler.timeout.IdleStateHandler;

/**
 * The two clocks of a client connection between requests: {@code keepalive_timeout} for the
 * wait before a request begins and {@code client_header_timeout} for a head begun but not
 * complete. Both run in stages of their own; the proxy stage tells them where a request stands.
 */
final class ClientClocks {

    private final IdleStateHandler keepalive;
    private final RequestHeadTimer headTimer;

    ClientClocks(IdleStateHandler keepalive, RequestHeadTimer headTimer) {
        this.keepalive = keepalive;
        this.headTimer = headTimer;
    }

    /** The whole head of a request is in: no head clock runs until its answer ends. */
    void headReceived() {
        headTimer.headReceived();
    }

    /** An answer ended and the connection stays: both clocks count from now, not from the request. */
    void answerEnded() {
        keepalive.resetReadTimeout();
        headTimer.expectHead();
    }

    /** Some of the awaited head has come and its own clock governs, not {@code keepalive_timeout}. */
    boolean headBegun() {
        return headTimer.headBegun();
    }

    /** How long the current head has been awaited, in milliseconds. */
    long headWaitedMillis() {
        return headTimer.waitedMillis();
    }
}
