package dev.telltale.upstream;

import dev.telltale.config.Durations;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.Sizes;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.ExchangeFailureException;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.http1.DecoderLimits;
import dev.telltale.http1.Verdict;
import dev.telltale.http2.UpstreamStreamFailure;
import dev.telltale.upstream.RejectionReportingTrust.RejectedChainException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;

import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;

/**
 * The one answer to "what failed?" from what the wire said: the resolver's, socket's, TLS
 * engine's and HTTP decoders' exceptions become a {@link Failure} with its wording. The request
 * path, the health probes and {@code doctor} all ask here, so one event has one name everywhere.
 * Where only an exception's text tells what happened, it is read in {@link ExceptionText}, for
 * this class alone; {@link TlsFailures} and {@link CertificateFailures} word what it decided.
 */
public final class WireFailures {

    private WireFailures() {
    }

    /** The resolver failed to give {@code host} an address. */
    static ExchangeFailure ofResolution(Throwable cause, String host) {
        if (find(cause, DnsNameResolverTimeoutException.class) != null) {
            return ExchangeFailure.beforeSending(Failure.DNS_TIMEOUT, Phase.CONNECT,
                    "name " + host + ": DNS query timed out");
        }
        String why = cause instanceof UnknownHostException ? "does not resolve" : "could not be resolved";
        return ExchangeFailure.beforeSending(Failure.DNS_ERROR, Phase.CONNECT,
                "name " + host + " " + why + " (" + shortCause(cause) + ")");
    }

    /** {@code timeouts.connect} ran out before {@code host} resolved. */
    static ExchangeFailure resolutionTimedOut(String host, ConnectSettings settings) {
        return new ExchangeFailure(Failure.DNS_TIMEOUT, Phase.CONNECT,
                "name " + host + " did not resolve within " + connectLimitText(settings), false,
                connectLimitKey(settings));
    }

    /** {@code timeouts.connect} ran out, by our timer or the transport's, before TCP connected to {@code where}. */
    static ExchangeFailure connectTimedOut(String where, ConnectSettings settings) {
        return new ExchangeFailure(Failure.CONNECTION_TIMEOUT, Phase.CONNECT,
                "no TCP connection to " + where + " within " + connectLimitText(settings), false,
                connectLimitKey(settings));
    }

    /** No TCP connection to {@code where} (the target as the page shows it). */
    static ExchangeFailure ofConnect(Throwable cause, String where, ConnectSettings settings) {
        if (cause instanceof ConnectTimeoutException) {
            return connectTimedOut(where, settings);
        }
        return beforeSending(cause, Phase.CONNECT, "connect to " + where);
    }

    /**
     * A failed handshake, from what really happened: the timer fired, the reply was not TLS, our
     * side refused the certificate, the upstream sent an alert, or it hung up. {@code wording}
     * knows the target and its settings; {@code firstBytes} is what the upstream sent, maybe nothing.
     */
    static ExchangeFailure ofHandshake(Throwable cause, byte[] firstBytes, TlsFailures wording) {
        if (find(cause, SslHandshakeTimeoutException.class) != null) {
            return wording.timedOut(firstBytes);
        }
        if (find(cause, NotSslRecordException.class) != null) {
            return wording.notTls(firstBytes);
        }
        RejectedChainException rejected = find(cause, RejectedChainException.class);
        if (rejected != null) {
            return wording.certificate(rejected);
        }
        String alert = ExceptionText.tlsAlert(cause);
        if (alert != null) {
            return wording.alert(alert);
        }
        if (closedDuringHandshake(cause)) {
            return wording.closed(firstBytes);
        }
        SocketError socket = ExceptionText.socketError(cause);
        return wording.failed(socket != null ? socket.text() : shortCause(deepest(cause)));
    }

    /**
     * An exception while an upstream connection was being had or used: one the connection code
     * classified already, or a socket error. {@code keepAliveRace}: a reused connection failed
     * before any response byte.
     */
    public static ExchangeFailure ofExchange(Throwable cause, Phase phase, boolean keepAliveRace) {
        return ofExchange(cause, phase, keepAliveRace, true);
    }

    /**
     * As above, knowing whether any response byte had come ({@code beforeResponse}) and whether the
     * connection served an earlier exchange ({@code reused}). Before any response byte, a reused
     * connection that fails is the keep-alive race, and a fresh one the upstream resets (RST, not FIN)
     * was closed with the request unread, as an app that stops listening does to the connections its
     * kernel had queued for it: either is marked {@link ExchangeFailure#leftUnread}. A close after the
     * upstream read the request is a FIN, and is not marked.
     */
    public static ExchangeFailure ofExchange(Throwable cause, Phase phase, boolean beforeResponse, boolean reused) {
        boolean keepAliveRace = beforeResponse && reused;
        if (cause instanceof ExchangeFailureException classified) {
            return classified.failure();
        }
        if (phase == Phase.CONNECT) {
            return cause instanceof ConnectTimeoutException
                    ? ExchangeFailure.beforeSending(Failure.CONNECTION_TIMEOUT, phase, "connect: " + shortCause(cause))
                    : beforeSending(cause, phase, "connect");
        }
        if (cause instanceof UpstreamStreamFailure stream) {
            return Http2StreamFailures.of(stream, phase);
        }
        SocketError error = ExceptionText.socketError(cause);
        if (error == SocketError.RESET || error == SocketError.BROKEN_PIPE) {
            if (keepAliveRace) {
                return ExchangeFailure.afterSending(Failure.STALE_CONNECTION, phase,
                        "pooled connection was reset by the upstream as the request went out").asLeftUnread();
            }
            ExchangeFailure terminated = ExchangeFailure.afterSending(Failure.CONNECTION_TERMINATED, phase,
                    "upstream reset the connection during " + phase.wireName() + " (" + error.text() + ")");
            return beforeResponse && error == SocketError.RESET ? terminated.asLeftUnread() : terminated;
        }
        // Once connected, even a timed-out socket (retransmissions gave up) is a connection that died.
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return ExchangeFailure.afterSending(Failure.CONNECTION_TERMINATED, phase,
                "connection failed during " + phase.wireName() + ": " + message);
    }

    /** The upstream closed the connection; on a reused one before any response byte, that is the keep-alive race. */
    public static ExchangeFailure ofClose(Phase phase, boolean keepAliveRace) {
        if (keepAliveRace) {
            return ExchangeFailure.afterSending(Failure.STALE_CONNECTION, phase,
                    "pooled connection was closed by the upstream as the request went out").asLeftUnread();
        }
        String when = phase == Phase.RESPONSE_BODY ? "in the middle of the response body"
                : "before sending a response";
        return ExchangeFailure.afterSending(Failure.CONNECTION_TERMINATED, phase,
                "upstream closed the connection " + when);
    }

    /** The response head could not be decoded; its size limit is the route's. */
    public static ExchangeFailure ofResponseHead(Throwable cause, RouteConfig route) {
        return ofResponseHead(cause, route.limits().maxResponseHeaderBytes(),
                route.keyOf("limits.max_response_header_bytes"));
    }

    /** The same, with the head size limit that applied and the setting behind it (null when none is). */
    public static ExchangeFailure ofResponseHead(Throwable cause, long limitBytes, String limitKey) {
        if (cause instanceof PrematureChannelClosureException) {
            return ExchangeFailure.afterSending(Failure.HTTP_RESPONSE_INCOMPLETE, Phase.RESPONSE_HEAD,
                    "connection closed after a partial response head");
        }
        if (cause instanceof TooLongFrameException) {
            ExchangeFailure tooLarge = ExchangeFailure.afterSending(Failure.HTTP_RESPONSE_HEADER_SECTION_SIZE,
                    Phase.RESPONSE_HEAD, "response head exceeded " + Sizes.describe(limitBytes)
                            + (limitKey == null ? "" : " (" + limitKey + ")"));
            return limitKey == null ? tooLarge : tooLarge.withConfigKey(limitKey + " = " + Sizes.format(limitBytes));
        }
        return ExchangeFailure.afterSending(Failure.HTTP_PROTOCOL_ERROR, Phase.RESPONSE_HEAD,
                "upstream sent an invalid response head: " + cause.getMessage());
    }

    /** What the strict reading of a response head or chunked body refused (null when it refused nothing). */
    static ExchangeFailure ofResponseVerdict(Verdict verdict) {
        if (verdict.isOk()) {
            return null;
        }
        String detail = verdict.detail();
        return switch (verdict.violation()) {
            case TLS_RECORD -> ExchangeFailure.afterSending(Failure.TLS_PROTOCOL_ERROR, Phase.RESPONSE_HEAD, detail);
            case MALFORMED_HEAD -> ExchangeFailure.afterSending(Failure.HTTP_PROTOCOL_ERROR, Phase.RESPONSE_HEAD,
                    detail);
            // A response head past its limit is reported with the route's setting (ofResponseHead), not here.
            case START_LINE_TOO_LONG, HEAD_TOO_LARGE -> ExchangeFailure.afterSending(
                    Failure.HTTP_RESPONSE_HEADER_SECTION_SIZE, Phase.RESPONSE_HEAD, detail);
            case MALFORMED_BODY -> ExchangeFailure.afterSending(Failure.HTTP_RESPONSE_TRANSFER_CODING,
                    Phase.RESPONSE_BODY, "upstream sent a broken chunked body: " + detail);
        };
    }

    /** A socket failure before any request byte went out; {@code what} names the step, e.g. "connect to app:3000". */
    private static ExchangeFailure beforeSending(Throwable cause, Phase phase, String what) {
        SocketError error = ExceptionText.socketError(cause);
        if (error == null) {
            return ExchangeFailure.beforeSending(Failure.CONNECTION_TERMINATED, phase,
                    what + " failed: " + shortCause(cause));
        }
        Failure failure = switch (error) {
            case REFUSED -> Failure.CONNECTION_REFUSED;
            case HOST_UNREACHABLE, NETWORK_UNREACHABLE -> Failure.DESTINATION_IP_UNROUTABLE;
            case TIMED_OUT -> Failure.CONNECTION_TIMEOUT;
            case RESET, BROKEN_PIPE -> Failure.CONNECTION_TERMINATED;
        };
        String verb = error == SocketError.REFUSED ? " refused" : ": " + error.text();
        ExchangeFailure sentNothing = ExchangeFailure.beforeSending(failure, phase, what + verb);
        // A reset as TCP connected: the app closed its listening socket with this connection still
        // queued (a stop or a restart). Nothing was sent, so it may go once more, whatever its method.
        return error == SocketError.RESET && phase == Phase.CONNECT ? sentNothing.asLeftUnread() : sentNothing;
    }

    /**
     * Netty fails a handshake cut short by the peer with an SSLHandshakeException that carries the
     * ClosedChannelException as a suppressed exception, not as its cause.
     */
    private static boolean closedDuringHandshake(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed instanceof ClosedChannelException) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return find(cause, ClosedChannelException.class) != null;
    }

    /** The first exception of {@code type} in the cause chain of {@code thrown}, or null. */
    static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static Throwable deepest(Throwable thrown) {
        Throwable t = thrown;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    static String shortCause(Throwable cause) {
        String message = cause.getMessage();
        // Netty's resolver ends its messages with a space ("after 2 queries "), which reads badly in parentheses.
        return message == null ? cause.getClass().getSimpleName() : message.strip();
    }

    private static String connectLimitText(ConnectSettings settings) {
        return Durations.format(settings.connectTimeout()) + " (" + settings.connectTimeoutKey() + ")";
    }

    private static String connectLimitKey(ConnectSettings settings) {
        return settings.connectTimeoutKey() + " = " + Durations.format(settings.connectTimeout());
    }
}
