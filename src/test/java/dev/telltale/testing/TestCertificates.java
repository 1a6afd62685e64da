package dev.telltale.testing;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Certificates made by the tests themselves, so none is committed and none can expire in the
 * repository: a CA and, issued by it, leaves that are valid, expired, or for another host, plus
 * a self-signed leaf that no trust store knows. EC P-256 keys, which are quick to generate.
 */
public final class TestCertificates {

    /** Expired a day before the tests run: not valid after this instant. */
    public final Instant expiredNotAfter;
    public final X509Bundle ca;
    /** For {@code localhost} and {@code 127.0.0.1}. */
    public final X509Bundle valid;
    public final X509Bundle expired;
    /** For {@code other.example} only. */
    public final X509Bundle otherHost;
    /** For {@code localhost}, signed by its own key. */
    public final X509Bundle selfSigned;
    /** As {@link #valid} renewed: the same names, an RSA key, valid for 60 days. */
    public final X509Bundle renewed;

    public TestCertificates() throws Exception {
        Instant now = Instant.now();
        expiredNotAfter = now.minus(Duration.ofDays(1));
        ca = new CertificateBuilder().ecp256().subject("CN=Telltale Test CA")
                .setIsCertificateAuthority(true).notBefore(now.minus(Duration.ofDays(1)))
                .notAfter(now.plus(Duration.ofDays(30))).buildSelfSigned();
        valid = leaf("CN=localhost", now).addSanDnsName("localhost").addSanIpAddress("127.0.0.1").buildIssuedBy(ca);
        expired = leaf("CN=localhost", now).notBefore(now.minus(Duration.ofDays(30))).notAfter(expiredNotAfter)
                .addSanDnsName("localhost").buildIssuedBy(ca);
        otherHost = leaf("CN=other.example", now).addSanDnsName("other.example").buildIssuedBy(ca);
        // As `openssl req -x509` makes them: basicConstraints CA:TRUE, which pkitesting requires here.
        selfSigned = leaf("CN=Self Signed Localhost", now).addSanDnsName("localhost")
                .setIsCertificateAuthority(true).buildSelfSigned();
        renewed = new CertificateBuilder().rsa2048().subject("CN=localhost renewed")
                .notBefore(now.minus(Duration.ofDays(1))).notAfter(now.plus(Duration.ofDays(60)))
                .addExtendedKeyUsageServerAuth().addSanDnsName("localhost").addSanIpAddress("127.0.0.1")
                .buildIssuedBy(ca);
    }

    private static CertificateBuilder leaf(String subject, Instant now) {
        return new CertificateBuilder().ecp256().subject(subject)
                .notBefore(now.minus(Duration.ofDays(1))).notAfter(now.plus(Duration.ofDays(30)))
                .addExtendedKeyUsageServerAuth();
    }

    /** Writes the CA certificate as PEM into {@code dir} and returns the file. */
    public Path writeCaPem(Path dir) throws IOException {
        Path file = dir.resolve("ca.pem");
        Files.writeString(file, ca.getCertificatePEM(), StandardCharsets.US_ASCII);
        return file;
    }
}
