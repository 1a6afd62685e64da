package dev.telltale.proxy;

import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RecordingUpstream;
import dev.telltale.testing.TlsFixture;
import dev.telltale.tls.ListenerTls;
import dev.telltale.upstream.Transport;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.telltale.testing.Transports.TRANSPORTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A reload of the listener's certificate over real sockets: a renewed pair serves new connections
 * while open ones carry on with theirs; a pair that cannot be used leaves the old one serving and
 * says why; the same files again change nothing.
 */
@Tag("socket")
class ListenerCertificateReloadTest {

    @TempDir
    Path dir;

    private Path cert;
    private Path key;

    private ProxyHarness proxy(Transport transport, RecordingUpstream app) throws Exception {
        write(TlsFixture.certificates().valid);
        return ProxyHarness.startWhole(transport, """
                listen:
                  address: 127.0.0.1
                  port: 0
                  tls: { cert: "%s", key: "%s" }
                upstreams:
                  app: { targets: [ "%s" ] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app }
                """.formatted(cert, key, app.target()));
    }

    private void write(X509Bundle pair) throws Exception {
        cert = Files.writeString(dir.resolve("tls.crt"), pair.getCertificatePEM());
        key = Files.writeString(dir.resolve("tls.key"), pair.getPrivateKeyPEM());
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aRenewedPairServesNewConnectionsWhileOpenOnesCarryOn(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = proxy(transport, app);
             RawHttpClient before = new RawHttpClient(TlsFixture.connect(proxy.port()))) {
            assertThat(before.exchange("GET /one HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(200);
            ListenerTls tls = proxy.server().tls();
            String firstSerial = tls.current().serial();

            write(TlsFixture.certificates().renewed);
            assertThat(tls.reload("test")).isEqualTo(ListenerTls.Reload.RELOADED);

            assertThat(TlsFixture.servedSubject(proxy.port())).isEqualTo("CN=localhost renewed");
            assertThat(tls.current().serial()).isNotEqualTo(firstSerial);
            assertThat(tls.current().notAfter()).isEqualTo(
                    TlsFixture.certificates().renewed.getCertificate().getNotAfter().toInstant());
            // The connection made before the reload is not dropped: it keeps its session and is served.
            assertThat(before.exchange("GET /two HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(200);
            assertThat(tls.reloads()).isEqualTo(1);
        }
    }

    @Test
    void aPairThatCannotBeUsedLeavesTheOldOneServingAndSaysWhy() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = proxy(Transport.nio(), app)) {
            ListenerTls tls = proxy.server().tls();
            assertThat(tls.reload("test")).as("the same files").isEqualTo(ListenerTls.Reload.UNCHANGED);

            // A renewal half done: the new certificate beside the old key.
            Files.writeString(cert, TlsFixture.certificates().renewed.getCertificatePEM());
            assertThat(tls.reload("test")).isEqualTo(ListenerTls.Reload.REJECTED);
            assertThat(tls.lastRejection().reason()).startsWith("listen.tls: cannot use cert " + cert + " with key " + key)
                    .contains("the key is not the certificate's (CN=localhost renewed): it is an EC key, the"
                            + " certificate's is RSA: are both files from the same issue or renewal?");
            assertThat(TlsFixture.servedSubject(proxy.port())).isEqualTo("CN=localhost");

            // Two keys of one kind (EC), but not one pair.
            Files.writeString(cert, TlsFixture.certificates().valid.getCertificatePEM());
            Files.writeString(key, TlsFixture.certificates().otherHost.getPrivateKeyPEM());
            assertThat(tls.reload("test")).isEqualTo(ListenerTls.Reload.REJECTED);
            assertThat(tls.lastRejection().reason()).endsWith(": the key is not the certificate's (CN=localhost): are both"
                    + " files from the same issue or renewal?");

            Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
            assertThat(tls.reload("test")).isEqualTo(ListenerTls.Reload.REJECTED);
            assertThat(tls.lastRejection().reason()).contains("the cert file is not a PEM certificate chain");

            Files.delete(key);
            assertThat(tls.reload("test")).isEqualTo(ListenerTls.Reload.REJECTED);
            assertThat(tls.lastRejection().reason()).contains("cannot read it").contains(key.toString());
            assertThat(tls.rejections()).isEqualTo(4);
            assertThat(TlsFixture.servedSubject(proxy.port())).isEqualTo("CN=localhost");

            // Finished: the renewed pair is taken, and the rejection is history.
            write(TlsFixture.certificates().renewed);
            assertThat(tls.reload("test")).isEqualTo(ListenerTls.Reload.RELOADED);
            assertThat(tls.lastRejection()).isNull();
            assertThat(TlsFixture.servedSubject(proxy.port())).isEqualTo("CN=localhost renewed");
        }
    }

    @Test
    void aMismatchedPairStopsTheStart() throws Exception {
        Path otherKey = Files.writeString(dir.resolve("other.key"), TlsFixture.certificates().renewed.getPrivateKeyPEM());
        try (RecordingUpstream app = new RecordingUpstream("app")) {
            assertThatThrownBy(() -> {
                write(TlsFixture.certificates().valid);
                Files.copy(otherKey, key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                ProxyHarness.startWhole(Transport.nio(), """
                        listen: { address: 127.0.0.1, port: 0, tls: { cert: "%s", key: "%s" } }
                        upstreams: { app: { targets: [ "%s" ] } }
                        routes: [ { name: web, match: { path_prefix: / }, upstream: app } ]
                        """.formatted(cert, key, app.target())).close();
            }).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("listen.tls: cannot use cert " + cert + " with key " + key + ": ")
                    .hasMessageContaining("the key is not the certificate's (CN=localhost): it is an RSA key");
        }
    }
}
