package dev.telltale.upstream;

import dev.telltale.failure.Failure;

import java.net.InetSocketAddress;

/**
 * Hears the steps of attempts on a target, one callback per step, each doing nothing unless
 * overridden. {@code doctor} times a new connection's steps through the connection callbacks
 * (given to {@link ConnectionPools#acquire}, called on the connection's event loop, only for steps
 * that succeeded: the step after the last call is the one that failed); passive health hears how
 * each attempt ended through the outcome callbacks (set on the {@link Target}, called on the
 * loop of the exchange that made the attempt).
 */
public interface AttemptListener {

    AttemptListener NONE = new AttemptListener() {
    };

    /** The target's name resolved to {@code address}; the TCP connect starts now. */
    default void dnsResolved(Target target, InetSocketAddress address) {
    }

    /** TCP is connected; for a TLS upstream the handshake starts now. */
    default void connected(Target target) {
    }

    /** The TLS handshake completed in {@code millis}. */
    default void tlsHandshaken(Target target, long millis) {
    }

    /** A response head came from the target: the attempt succeeded. */
    default void headReceived(Target target) {
    }

    /** The attempt failed on the upstream side; {@code consecutiveFailures} counts this one. */
    default void failed(Target target, Failure failure, String detail, int consecutiveFailures) {
    }
}
