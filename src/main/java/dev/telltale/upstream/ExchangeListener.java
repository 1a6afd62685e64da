package dev.telltale.upstream;

import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.failure.ExchangeFailure;

import java.net.InetSocketAddress;

/**
 * Hears the life of an exchange and of its attempts, one callback per step, each doing nothing
 * unless overridden. Called on the exchange's event loop. One interface, heard at three scopes:
 * every exchange (the server's listeners: metrics, each target's history, the incident), the
 * attempts on one target (set on the {@link Target}: passive health), and one connection attempt
 * (given to {@link ConnectionPools#acquire}: {@code doctor}, which hears only the steps that
 * succeeded, so the step after the last call is the one that failed). The connection steps are
 * heard for a new connection only, not for a pooled one.
 */
public interface ExchangeListener {

    ExchangeListener NONE = new ExchangeListener() {
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

    /** The last byte of the request was handed to the connection to {@code target}; the response head is awaited. */
    default void requestSent(Target target) {
    }

    /** A final response head ({@code status}, 101 for a protocol switch) came from the target. */
    default void headReceived(Target target, int status) {
    }

    /** The last byte of the response body came from the target and went on to the client. */
    default void bodyEnded(Target target) {
    }

    /** An attempt failed; {@code target} is null when no target could be picked. Another may follow. */
    default void attemptFailed(Target target, ExchangeFailure failure) {
    }

    /**
     * The exchange ended: {@code entry} is its access-log line, {@code failure} how it failed for
     * good, null when it was served (or the client left). Also heard for a request the proxy
     * answered before it became an exchange.
     */
    default void exchangeEnded(AccessLogEntry entry, ExchangeFailure failure) {
    }
}
