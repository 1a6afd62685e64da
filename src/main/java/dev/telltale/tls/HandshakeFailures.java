package dev.telltale.tls;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Client handshakes the listener failed, counted by reason. A failed handshake has no request,
 * so no access-log line: each is logged here instead, at most one line per reason every
 * {@link #LOG_EVERY_SECONDS} s, the next one saying how many were not, so that a scanner cannot
 * flood the log.
 */
public final class HandshakeFailures {

    static final long LOG_EVERY_SECONDS = 10;
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(LOG_EVERY_SECONDS);
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeFailures.class);
    private static final int MAX_DETAIL = 160;
    private static final HandshakeFailure[] REASONS = HandshakeFailure.values();

    private final AtomicLongArray counts = new AtomicLongArray(REASONS.length);
    private final AtomicLongArray unlogged = new AtomicLongArray(REASONS.length);
    /** When each reason was last logged (System.nanoTime), or {@link Long#MIN_VALUE} before its first. */
    private final AtomicLongArray lastLogged = new AtomicLongArray(REASONS.length);

    private final LongSupplier nanoClock;

    HandshakeFailures() {
        this(System::nanoTime);
    }

    HandshakeFailures(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        for (int i = 0; i < REASONS.length; i++) {
            lastLogged.set(i, Long.MIN_VALUE);
        }
    }

    /** {@code certificate}: the one the client was offered, for the line that says it was refused. */
    void record(HandshakeFailure reason, SocketAddress client, Throwable cause, ListenerCertificate certificate) {
        int i = reason.ordinal();
        counts.incrementAndGet(i);
        long now = nanoClock.getAsLong();
        long last = lastLogged.get(i);
        boolean due = last == Long.MIN_VALUE || now - last >= LOG_EVERY_NANOS;
        if (!due || !lastLogged.compareAndSet(i, last, now)) {
            unlogged.incrementAndGet(i);
            return;
        }
        long more = unlogged.getAndSet(i, 0);
        LOG.info("TLS handshake from {} failed ({}): {}{}{}", address(client), reason.wireName(), reason.meaning(),
                detail(reason, cause, certificate),
                more == 0 ? "" : " [and " + more + " more like it since the last such line]");
    }

    public long count(HandshakeFailure reason) {
        return counts.get(reason.ordinal());
    }

    /** Every reason's count, by its wire name, in a fixed order (zeros included). */
    public Map<String, Long> counts() {
        Map<String, Long> all = new LinkedHashMap<>();
        for (HandshakeFailure reason : REASONS) {
            all.put(reason.wireName(), counts.get(reason.ordinal()));
        }
        return all;
    }

    /** {@code 127.0.0.1:52114}, {@code [::1]:52114}: as the access log writes a client. */
    private static String address(SocketAddress client) {
        if (client instanceof InetSocketAddress inet && inet.getAddress() != null) {
            String host = inet.getAddress().getHostAddress();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(client);
    }

    private static String detail(HandshakeFailure reason, Throwable cause, ListenerCertificate certificate) {
        String alert = HandshakeFailure.alert(cause);
        StringBuilder detail = new StringBuilder();
        if (alert != null) {
            detail.append(" (alert ").append(alert).append(')');
        } else if (HandshakeFailure.unreadableAlert(cause)) {
            detail.append(" (an alert sent in clear that TLS 1.3 cannot read: OpenSSL clients such as curl send"
                    + " that when they refuse it)");
        } else if (reason == HandshakeFailure.OTHER || reason == HandshakeFailure.PROTOCOL_VERSION
                || reason == HandshakeFailure.MALFORMED) {
            // What the TLS engine said names the version or the fault; a record it cannot read comes as a hex dump.
            String said = Reasons.of(cause);
            detail.append(" (").append(said.length() > MAX_DETAIL ? said.substring(0, MAX_DETAIL) + "…" : said).append(')');
        }
        if (reason.hint() != null) {
            detail.append(": ").append(reason.hint());
        }
        if (reason == HandshakeFailure.CERTIFICATE_REJECTED || reason == HandshakeFailure.CLOSED) {
            detail.append("; it was offered ").append(certificate.describe()).append(", issued by ")
                    .append(certificate.issuer());
        }
        return detail.toString();
    }
}
