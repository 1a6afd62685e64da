package dev.telltale.tls;

import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;

import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * Why a client's TLS handshake with the listener failed, as the metric's {@code reason} and the
 * log line name it. Read from what the JDK's TLS engine said: its messages are the only place
 * it says which alert a client sent.
 */
public enum HandshakeFailure {
    /** The client refused the certificate (an alert such as unknown_ca, bad_certificate or certificate_expired). */
    CERTIFICATE_REJECTED("the client refused the listener's certificate",
            "check that clients trust its issuer, that it names the host they ask for, and that it has not expired"),
    /** No TLS version in common: an old client, offering TLS 1.1 or below. */
    PROTOCOL_VERSION("no TLS version in common", "the listener speaks TLS 1.2 and 1.3; the client offers older ones"),
    /** No cipher suite (or signature scheme, or group) in common. */
    NO_SHARED_CIPHER("no cipher suite in common", "the client offers none that the listener's JDK enables"),
    /** Bytes that are not a well-formed handshake: a scanner, or a client that speaks something else. */
    MALFORMED("the client sent bytes that are not a well-formed TLS handshake",
            "a scanner, or a client speaking another protocol"),
    /** The client hung up before the handshake ended: often a client that does not trust the certificate. */
    CLOSED("the client closed the connection during the handshake",
            "often a client that does not trust the certificate and says nothing"),
    /** The handshake did not complete within {@code listen.client_header_timeout}. */
    TIMEOUT("not complete within listen.client_header_timeout", "a slow or stalled client"),
    OTHER("the handshake failed", null);

    private final String meaning;
    private final String hint;

    HandshakeFailure(String meaning, String hint) {
        this.meaning = meaning;
        this.hint = hint;
    }

    /** The {@code reason} label: {@code certificate_rejected}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    String meaning() {
        return meaning;
    }

    /** What usually causes it; null when nothing useful can be said. */
    String hint() {
        return hint;
    }

    /** {@code timedOut}: the listener's own clock closed the connection. */
    static HandshakeFailure of(Throwable cause, boolean timedOut) {
        if (timedOut || cause instanceof SslHandshakeTimeoutException) {
            return TIMEOUT;
        }
        if (cause instanceof ClosedChannelException) {
            return CLOSED;
        }
        if (cause instanceof NotSslRecordException) {
            return MALFORMED;
        }
        String message = messages(cause);
        String alert = alert(message);
        if (alert != null) {
            return switch (alert) {
                case "bad_certificate", "unsupported_certificate", "certificate_revoked", "certificate_expired",
                     "certificate_unknown", "unknown_ca", "access_denied" -> CERTIFICATE_REJECTED;
                case "protocol_version" -> PROTOCOL_VERSION;
                case "handshake_failure", "insufficient_security" -> NO_SHARED_CIPHER;
                case "decode_error", "illegal_parameter", "unexpected_message", "record_overflow" -> MALFORMED;
                default -> OTHER;
            };
        }
        if (unreadableAlert(message)) {
            return CERTIFICATE_REJECTED;
        }
        if (message.contains("protocol version") || message.contains("protocol is disabled")
                || message.contains("requested protocol")
                || message.contains("client supported protocol versions")) {
            return PROTOCOL_VERSION;
        }
        if (message.contains("no cipher suites in common") || message.contains("no common")
                || message.contains("no supported signature") || message.contains("no applicable")) {
            return NO_SHARED_CIPHER;
        }
        if (message.contains("unrecognized ssl message") || message.contains("unsupported or unrecognized")
                || message.contains("unexpected handshake message") || message.contains("invalid")
                || message.contains("insufficient buffer") || message.contains("malformed")
                || message.contains("exceeds the maximum")) {
            return MALFORMED;
        }
        return OTHER;
    }

    /**
     * A two-byte record the TLS 1.3 engine expected encrypted: an alert sent in clear after the
     * server's certificate, as OpenSSL clients (curl) send one when they refuse the certificate.
     */
    static boolean unreadableAlert(Throwable cause) {
        return unreadableAlert(messages(cause));
    }

    private static boolean unreadableAlert(String messages) {
        return messages.contains("aead cipher fragment (2)");
    }

    /** The alert a client sent ("Received fatal alert: unknown_ca"), or null. */
    static String alert(Throwable cause) {
        return alert(messages(cause));
    }

    private static String alert(String messages) {
        int at = messages.indexOf("received fatal alert: ");
        if (at < 0) {
            return null;
        }
        int start = at + "received fatal alert: ".length();
        int end = start;
        while (end < messages.length() && (Character.isLetterOrDigit(messages.charAt(end)) || messages.charAt(end) == '_')) {
            end++;
        }
        return messages.substring(start, end);
    }

    /** Every message down the cause chain, lower case. */
    private static String messages(Throwable cause) {
        StringBuilder all = new StringBuilder();
        for (Throwable e = cause; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e.getMessage() != null) {
                all.append(e.getMessage().toLowerCase(Locale.ROOT)).append(' ');
            }
        }
        return all.toString();
    }
}
