package dev.telltale.tls;

import dev.telltale.config.ListenTlsConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * One certificate and key pair of the listener, read from {@code listen.tls} and made into the
 * server side of TLS.
 *
 * @param leaf        the first certificate of the chain: the one clients check
 * @param fingerprint SHA-256 of the two files' bytes, to tell a changed pair from the same one
 */
public record ListenerCertificate(SslContext context, X509Certificate leaf, String fingerprint, Instant loadedAt) {

    /**
     * Reads both files and checks that the key belongs to the certificate. {@code offerHttp2}:
     * ALPN offers {@code h2} before {@code http/1.1}.
     *
     * @throws IllegalArgumentException saying why the pair cannot be used, with a hint where one helps
     */
    public static ListenerCertificate load(ListenTlsConfig config, boolean offerHttp2) {
        return of(PemFiles.read(config), offerHttp2);
    }

    /** As {@link #load}, from the files' bytes as already read. */
    static ListenerCertificate of(PemFiles files, boolean offerHttp2) {
        byte[] certBytes = files.cert();
        byte[] keyBytes = files.key();
        X509Certificate leaf = leaf(certBytes);
        KeyPairs.checkBelongs(keyBytes, leaf);
        String[] protocols = offerHttp2
                ? new String[] {ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1}
                : new String[] {ApplicationProtocolNames.HTTP_1_1};
        SslContext context;
        try {
            context = SslContextBuilder.forServer(new ByteArrayInputStream(certBytes), new ByteArrayInputStream(keyBytes))
                    // The JDK's TLS, as for upstreams: no native library to ship or to match.
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    // Say what is spoken, so a client offering h2 where it is off does not try it.
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            protocols))
                    .build();
        } catch (Exception e) {
            throw new IllegalArgumentException(Reasons.of(e) + KeyPairs.hint(keyBytes), e);
        }
        return new ListenerCertificate(context, leaf, files.fingerprint(), Instant.now());
    }

    public String subject() {
        return leaf.getSubjectX500Principal().getName();
    }

    public String issuer() {
        return leaf.getIssuerX500Principal().getName();
    }

    public Instant notAfter() {
        return leaf.getNotAfter().toInstant();
    }

    public Instant notBefore() {
        return leaf.getNotBefore().toInstant();
    }

    public String serial() {
        return leaf.getSerialNumber().toString(16);
    }

    /** "CN=example.com (serial 1f, expires 2027-03-01T00:00:00Z)": what a log line says of it. */
    public String describe() {
        return subject() + " (serial " + serial() + ", expires " + notAfter() + ")";
    }

    private static X509Certificate leaf(byte[] pem) {
        try {
            var certificates = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("the cert file has no certificate (no BEGIN CERTIFICATE block)");
            }
            return (X509Certificate) certificates.iterator().next();
        } catch (CertificateException e) {
            throw new IllegalArgumentException("the cert file is not a PEM certificate chain: " + Reasons.of(e), e);
        }
    }

}
