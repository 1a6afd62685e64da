package dev.telltale.tls;

import dev.telltale.config.ListenTlsConfig;
import io.netty.handler.ssl.SslContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code listen.tls}: the certificate new client connections get. A reload reads the same files
 * again and, when they changed and make a good pair, swaps the certificate for connections from
 * then on; connections already open keep theirs. A pair that cannot be used leaves the old one
 * serving and says why.
 */
public final class ListenerTls {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerTls.class);

    /** What a reload did. */
    public enum Reload { RELOADED, UNCHANGED, REJECTED }

    /** Why the last reload was rejected, and when; null while none was. */
    public record Rejection(String reason, Instant at) {
    }

    private final ListenTlsConfig config;
    private final boolean offerHttp2;
    private final HandshakeFailures handshakeFailures = new HandshakeFailures();
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong rejections = new AtomicLong();
    private volatile ListenerCertificate current;
    private volatile Rejection lastRejection;

    private ListenerTls(ListenTlsConfig config, boolean offerHttp2, ListenerCertificate first) {
        this.config = config;
        this.offerHttp2 = offerHttp2;
        this.current = first;
    }

    /**
     * {@code offerHttp2}: ALPN offers {@code h2} before {@code http/1.1}.
     * @throws IllegalArgumentException naming the setting and the files when they cannot be used
     */
    public static ListenerTls load(ListenTlsConfig config, boolean offerHttp2) {
        ListenerCertificate first;
        try {
            first = ListenerCertificate.load(config, offerHttp2);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where(config) + ": " + e.getMessage(), e);
        }
        warnIfNotValidNow(first);
        return new ListenerTls(config, offerHttp2, first);
    }

    /** The context a connection accepted now handshakes with. */
    public SslContext context() {
        return current.context();
    }

    public ListenerCertificate current() {
        return current;
    }

    public Rejection lastRejection() {
        return lastRejection;
    }

    public HandshakeFailures handshakeFailures() {
        return handshakeFailures;
    }

    /** Reloads that swapped the certificate. */
    public long reloads() {
        return reloads.get();
    }

    /** Reloads that found a changed pair that could not be used. */
    public long rejections() {
        return rejections.get();
    }

    public ListenTlsConfig config() {
        return config;
    }

    /** Reads the files again; {@code why} is what asked (a signal, a file change), for the log. */
    public synchronized Reload reload(String why) {
        ListenerCertificate previous = current;
        ListenerCertificate next;
        try {
            // Read once: the bytes compared are the bytes loaded, even if the files change meanwhile.
            PemFiles files = PemFiles.read(config);
            if (files.fingerprint().equals(previous.fingerprint())) {
                return Reload.UNCHANGED;
            }
            next = ListenerCertificate.of(files, offerHttp2);
        } catch (IllegalArgumentException e) {
            return reject(why, e.getMessage(), previous);
        }
        current = next;
        lastRejection = null;
        reloads.incrementAndGet();
        LOG.info("listener certificate reloaded ({}): now {}, was {}", why, next.describe(), previous.describe());
        warnIfNotValidNow(next);
        return Reload.RELOADED;
    }

    private Reload reject(String why, String reason, ListenerCertificate kept) {
        rejections.incrementAndGet();
        lastRejection = new Rejection(where(config) + ": " + reason, Instant.now());
        LOG.error("listener certificate not reloaded ({}): {}: {}; still serving {}", why, where(config), reason,
                kept.describe());
        return Reload.REJECTED;
    }

    private static void warnIfNotValidNow(ListenerCertificate certificate) {
        Instant now = Instant.now();
        if (certificate.notAfter().isBefore(now)) {
            LOG.warn("the listener certificate {} has expired: clients will refuse it", certificate.describe());
        } else if (certificate.notBefore().isAfter(now)) {
            LOG.warn("the listener certificate {} is not valid before {}: clients will refuse it until then",
                    certificate.describe(), certificate.notBefore());
        }
    }

    private static String where(ListenTlsConfig config) {
        return "listen.tls: cannot use cert " + config.cert() + " with key " + config.key();
    }
}
