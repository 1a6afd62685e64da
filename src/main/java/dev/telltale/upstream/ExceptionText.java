package dev.telltale.upstream;

import io.netty.channel.unix.Errors;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where what failed is read from an exception's message, for {@link WireFailures}:
 * where neither the type nor a field says it. Each match names the JDK or Netty wording it
 * recognises.
 */
final class ExceptionText {

    // Netty's native transports: "connect(..) failed with error(-111): Connection refused"
    // (Errors.newConnectException0 and friends, whose types are not all public).
    private static final String NATIVE_ERRNO = "error(";
    // The JDK's wording (sun.security.ssl.Alert): "Received fatal alert: handshake_failure";
    // its SSLEngine reports a received alert in the message only.
    private static final Pattern ALERT_RECEIVED = Pattern.compile("Received fatal alert: ([a-z_]+)");

    private ExceptionText() {
    }

    /**
     * The socket error anywhere in the cause chain, or null when none is recognisable: from the
     * errno where the transport exposes it (epoll), from the JDK's rendering of it otherwise (NIO).
     * A reset can surface from {@code connect()} too, so callers classify by this, not by the phase.
     */
    static SocketError socketError(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            SocketError found = socketErrorOf(t);
            if (found != null) {
                return found;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** The RFC 8446 name of the fatal alert the peer sent, or null when the failure was not one. */
    static String tlsAlert(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                Matcher matcher = ALERT_RECEIVED.matcher(t.getMessage());
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static SocketError socketErrorOf(Throwable t) {
        if (t instanceof Errors.NativeIoException nativeError) {
            return SocketError.byErrno(Math.abs(nativeError.expectedErr()));
        }
        String message = t.getMessage() == null ? "" : t.getMessage();
        int errno = nativeErrno(message);
        if (errno > 0) {
            SocketError byNumber = SocketError.byErrno(errno);
            if (byNumber != null) {
                return byNumber;
            }
        }
        if (t instanceof NoRouteToHostException) {
            return SocketError.HOST_UNREACHABLE;
        }
        // NIO: the JDK renders the errno with strerror's words ("Connection refused", "Broken pipe").
        String lower = message.toLowerCase(Locale.ROOT);
        for (SocketError candidate : SocketError.values()) {
            if (lower.contains(candidate.text())) {
                return candidate;
            }
        }
        // The JDK's own reset wording, without "by peer": SocketException("Connection reset").
        if (lower.contains("connection reset")) {
            return SocketError.RESET;
        }
        // Some JDK paths say only "Connection refused: <address>" or "refused" in a ConnectException.
        if (t instanceof ConnectException && lower.contains("refused")) {
            return SocketError.REFUSED;
        }
        return null;
    }

    /**
     * The errno in Netty's "error(-111)", as a positive number, or -1 when there is none. Read by
     * hand, not by a regular expression: each refused connect of a 502 storm passes here.
     */
    static int nativeErrno(String message) {
        for (int at = message.indexOf(NATIVE_ERRNO); at >= 0; at = message.indexOf(NATIVE_ERRNO, at + 1)) {
            int i = at + NATIVE_ERRNO.length();
            if (i < message.length() && message.charAt(i) == '-') {
                i++;
            }
            int start = i;
            long value = 0;
            while (i < message.length() && i - start < 9 && message.charAt(i) >= '0' && message.charAt(i) <= '9') {
                value = value * 10 + (message.charAt(i++) - '0');
            }
            if (i > start && i < message.length() && message.charAt(i) == ')') {
                return (int) value;
            }
        }
        return -1;
    }
}
