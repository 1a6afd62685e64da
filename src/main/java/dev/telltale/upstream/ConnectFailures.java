package dev.telltale.upstream;

import dev.telltale.config.Durations;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.failure.UpstreamFailure;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;


/** Maps what a socket or resolver reported to the failure vocabulary. */
final class ConnectFailures {

    private ConnectFailures() {
    }

    static UpstreamFailure fromSocket(Throwable cause, Phase phase, String what) {
        SocketError error = SocketError.of(cause);
        if (error == null) {
            return new UpstreamFailure(Failure.CONNECTION_TERMINATED, phase,
                    what + " failed: " + shortCause(cause), false);
        }
        Failure failure = switch (error) {
            case REFUSED -> Failure.CONNECTION_REFUSED;
            case HOST_UNREACHABLE, NETWORK_UNREACHABLE -> Failure.DESTINATION_IP_UNROUTABLE;
            case TIMED_OUT -> Failure.CONNECTION_TIMEOUT;
            case RESET, BROKEN_PIPE -> Failure.CONNECTION_TERMINATED;
        };
        String verb = error == SocketError.REFUSED ? " refused" : ": " + error.text();
        return new UpstreamFailure(failure, phase, what + verb, false);
    }

    static boolean isDnsTimeout(Throwable cause) {
        return find(cause, DnsNameResolverTimeoutException.class) != null;
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

    static String limitText(ConnectSettings settings) {
        return Durations.format(settings.connectTimeout()) + " (" + settings.connectTimeoutKey() + ")";
    }

    static String limitKey(ConnectSettings settings) {
        return settings.connectTimeoutKey() + " = " + Durations.format(settings.connectTimeout());
    }

    static String shortCause(Throwable cause) {
        String message = cause.getMessage();
        // Netty's resolver ends its messages with a space ("after 2 queries "), which reads badly in parentheses.
        return message == null ? cause.getClass().getSimpleName() : message.strip();
    }
}
