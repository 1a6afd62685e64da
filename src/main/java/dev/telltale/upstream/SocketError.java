package dev.telltale.upstream;

import io.netty.channel.unix.Errors;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the socket itself reported, read from the errno where the transport exposes it (epoll)
 * and from the JDK's rendering of the same errno otherwise (NIO). A reset can surface from
 * {@code connect()} too, so callers classify by this, not by the phase they expected.
 */
public enum SocketError {
    REFUSED(111, "connection refused"),
    RESET(104, "connection reset by peer"),
    HOST_UNREACHABLE(113, "no route to host"),
    NETWORK_UNREACHABLE(101, "network is unreachable"),
    TIMED_OUT(110, "connection timed out"),
    BROKEN_PIPE(32, "broken pipe");

    private static final Pattern NATIVE_ERRNO = Pattern.compile("error\\((-?\\d+)\\)");

    private final int linuxErrno;
    private final String text;

    SocketError(int linuxErrno, String text) {
        this.linuxErrno = linuxErrno;
        this.text = text;
    }

    /** How {@code strerror} words it, which is also what the JDK puts in its exceptions. */
    public String text() {
        return text;
    }

    /** The socket error anywhere in the cause chain, or null when none is recognisable. */
    public static SocketError of(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            SocketError found = fromOne(t);
            if (found != null) {
                return found;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static SocketError fromOne(Throwable t) {
        if (t instanceof Errors.NativeIoException nativeError) {
            return byErrno(Math.abs(nativeError.expectedErr()));
        }
        String message = t.getMessage() == null ? "" : t.getMessage();
        // Epoll's connect exception type is not public; its message carries the errno.
        Matcher errno = NATIVE_ERRNO.matcher(message);
        if (errno.find()) {
            SocketError byNumber = byErrno(Math.abs(Integer.parseInt(errno.group(1))));
            if (byNumber != null) {
                return byNumber;
            }
        }
        if (t instanceof NoRouteToHostException) {
            return HOST_UNREACHABLE;
        }
        String lower = message.toLowerCase(Locale.ROOT);
        for (SocketError candidate : values()) {
            if (lower.contains(candidate.text)) {
                return candidate;
            }
        }
        if (lower.contains("connection reset")) {
            return RESET;
        }
        if (t instanceof ConnectException && lower.contains("refused")) {
            return REFUSED;
        }
        return null;
    }

    private static SocketError byErrno(int errno) {
        for (SocketError candidate : values()) {
            if (candidate.linuxErrno == errno) {
                return candidate;
            }
        }
        return null;
    }
}
