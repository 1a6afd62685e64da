package dev.telltale.upstream;

/**
 * What the socket itself reported, by its Linux errno and the words {@code strerror} gives it.
 * {@link ExceptionText} reads it from an exception; {@link WireFailures} says what it means.
 */
enum SocketError {
    REFUSED(111, "connection refused"),
    RESET(104, "connection reset by peer"),
    HOST_UNREACHABLE(113, "no route to host"),
    NETWORK_UNREACHABLE(101, "network is unreachable"),
    TIMED_OUT(110, "connection timed out"),
    BROKEN_PIPE(32, "broken pipe");

    private final int linuxErrno;
    private final String text;

    SocketError(int linuxErrno, String text) {
        this.linuxErrno = linuxErrno;
        this.text = text;
    }

    /** How {@code strerror} words it, which is also what the JDK puts in its exceptions. */
    String text() {
        return text;
    }

    /** The error of this errno, or null when it is not one the proxy tells apart. */
    static SocketError byErrno(int errno) {
        for (SocketError candidate : values()) {
            if (candidate.linuxErrno == errno) {
                return candidate;
            }
        }
        return null;
    }
}
