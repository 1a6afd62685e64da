package dev.telltale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.Json;
import dev.telltale.testing.Poll;
import dev.telltale.testing.PrometheusText;
import dev.telltale.testing.PrometheusText.Sample;
import dev.telltale.testing.ProxyProcess;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RecordingUpstream;
import dev.telltale.testing.TlsFixture;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static dev.telltale.testing.PrometheusText.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The running proxy takes a renewed listener certificate without a restart: from a Kubernetes
 * Secret's symlink swap with {@code watch: true}, and from a certbot-style renewal on SIGHUP.
 * Connections open across the swap are served; a bad pair keeps the old one, says why in the log
 * and on /status; expiry, reloads and failed handshakes are on /metrics.
 */
@Tag("process")
class ListenerCertificateProcessTest {

    private static final String EXPIRY = "telltale_tls_certificate_expiry_timestamp_seconds";
    private static final String RELOADS = "telltale_tls_certificate_reloads_total";

    @TempDir
    Path dir;

    private Path config(Path cert, Path key, String appTarget, boolean watch) throws Exception {
        return Files.writeString(dir.resolve("proxy.yaml"), """
                listen:
                  address: 127.0.0.1
                  port: 0
                  tls: { cert: "%s", key: "%s" }
                admin: { address: 127.0.0.1, port: 0 }
                watch: %s
                access_log: { target: "%s" }
                upstreams:
                  app: { targets: ["%s"] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app }
                """.formatted(cert, key, watch, dir.resolve("access.log"), appTarget));
    }

    /** A Secret volume as the kubelet writes one: a timestamped directory, {@code ..data} linking to it, and the keys linking through that. */
    private static void secretVersion(Path volume, String version, String certPem, String keyPem) throws Exception {
        Path data = Files.createDirectory(volume.resolve("..2026_12_07_" + version));
        Files.writeString(data.resolve("tls.crt"), certPem);
        Files.writeString(data.resolve("tls.key"), keyPem);
        Path staged = Files.createSymbolicLink(volume.resolve("..data_tmp"), data.getFileName());
        // The swap is one rename(2) over the old link: both files change at the same instant.
        Files.move(staged, volume.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void awaitServed(int port, String subject) {
        Poll.until("the proxy serving " + subject, () -> {
            try {
                return TlsFixture.servedSubject(port).equals(subject);
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static List<Sample> scrape(int adminPort) throws Exception {
        try (RawHttpClient client = new RawHttpClient(adminPort)) {
            return PrometheusText.parse(client.exchange("GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n").bodyText());
        }
    }

    private static double notAfterSeconds(X509Bundle bundle) {
        return bundle.getCertificate().getNotAfter().toInstant().getEpochSecond();
    }

    @Test
    void aSecretSwapIsTakenWithWatchAndABadOneKeepsTheOldCertificate() throws Exception {
        X509Bundle first = TlsFixture.certificates().valid;
        X509Bundle renewed = TlsFixture.certificates().renewed;
        Path volume = Files.createDirectory(dir.resolve("secret"));
        secretVersion(volume, "a", first.getCertificatePEM(), first.getPrivateKeyPEM());
        Path cert = Files.createSymbolicLink(volume.resolve("tls.crt"), Path.of("..data/tls.crt"));
        Path key = Files.createSymbolicLink(volume.resolve("tls.key"), Path.of("..data/tls.key"));
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyProcess proxy = ProxyProcess.start(config(cert, key, app.target(), true))) {
            int port = proxy.awaitPort();
            int admin = proxy.awaitAdminPort();
            assertThat(value(scrape(admin), EXPIRY)).isEqualTo(notAfterSeconds(first));
            try (RawHttpClient open = new RawHttpClient(TlsFixture.connect(port))) {
                assertThat(open.exchange("GET /before HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(200);

                secretVersion(volume, "b", renewed.getCertificatePEM(), renewed.getPrivateKeyPEM());
                awaitServed(port, "CN=localhost renewed");
                assertThat(proxy.awaitStderr("listener certificate reloaded (file changed): now CN=localhost renewed", 5))
                        .contains("was CN=localhost (serial " + first.getCertificate().getSerialNumber().toString(16));
                // Opened before the swap, still served after it.
                assertThat(open.exchange("GET /after HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(200);
            }
            List<Sample> afterSwap = scrape(admin);
            assertThat(value(afterSwap, EXPIRY)).isEqualTo(notAfterSeconds(renewed));
            assertThat(value(afterSwap, RELOADS, "result", "reloaded")).isEqualTo(1.0);

            // A bad swap: the renewed certificate with the first key. The renewed pair keeps serving.
            secretVersion(volume, "c", renewed.getCertificatePEM(), first.getPrivateKeyPEM());
            assertThat(proxy.awaitStderr("listener certificate not reloaded (file changed)", 10))
                    .contains("the key is not the certificate's (CN=localhost renewed)")
                    .contains("still serving CN=localhost renewed");
            assertThat(TlsFixture.servedSubject(port)).isEqualTo("CN=localhost renewed");
            assertThat(value(scrape(admin), RELOADS, "result", "rejected")).isEqualTo(1.0);
            try (RawHttpClient client = new RawHttpClient(admin)) {
                JsonNode tls = Json.parse(client.exchange("GET /status HTTP/1.1\r\nHost: a\r\nAccept: application/json"
                        + "\r\n\r\n").bodyText()).get("tls");
                assertThat(tls.get("subject").asText()).isEqualTo("CN=localhost renewed");
                assertThat(tls.get("not_after").asText()).isEqualTo(
                        renewed.getCertificate().getNotAfter().toInstant().toString());
                assertThat(tls.get("days_left").asLong()).isBetween(58L, 60L);
                assertThat(tls.get("last_rejection").asText()).contains("the key is not the certificate's");
                String page = client.exchange("GET /status HTTP/1.1\r\nHost: a\r\nAccept: text/html\r\n\r\n").bodyText();
                assertThat(page).contains("<h2>Listener certificate</h2>").contains("CN=localhost renewed")
                        .contains("rejected at");
            }

            // A client that does not trust the issuer: counted and logged, with no access-log line.
            try (SSLSocket refusing = (SSLSocket) SSLContext.getDefault().getSocketFactory()
                    .createSocket("127.0.0.1", port)) {
                assertThatThrownBy(refusing::startHandshake).isInstanceOf(SSLHandshakeException.class);
            }
            proxy.awaitStderr("failed (certificate_rejected)", 5);
            assertThat(value(scrape(admin), "telltale_tls_handshake_failures_total", "reason", "certificate_rejected"))
                    .isEqualTo(1.0);
            assertThat(proxy.stopAndWait()).isZero();
            assertThat(Files.readAllLines(dir.resolve("access.log")))
                    .extracting(line -> Json.parse(line).get("path").asText()).containsExactly("/before", "/after");
        }
    }

    @Test
    void aCertbotRenewalIsTakenOnSighup() throws Exception {
        X509Bundle first = TlsFixture.certificates().valid;
        X509Bundle renewed = TlsFixture.certificates().renewed;
        // certbot's layout: live/ links to the latest files in archive/, and a renewal re-points the links.
        Path archive = Files.createDirectories(dir.resolve("archive/example"));
        Path live = Files.createDirectories(dir.resolve("live/example"));
        Files.writeString(archive.resolve("fullchain1.pem"), first.getCertificatePEM());
        Files.writeString(archive.resolve("privkey1.pem"), first.getPrivateKeyPEM());
        Path cert = Files.createSymbolicLink(live.resolve("fullchain.pem"), Path.of("../../archive/example/fullchain1.pem"));
        Path key = Files.createSymbolicLink(live.resolve("privkey.pem"), Path.of("../../archive/example/privkey1.pem"));
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyProcess proxy = ProxyProcess.start(config(cert, key, app.target(), false))) {
            int port = proxy.awaitPort();
            assertThat(TlsFixture.servedSubject(port)).isEqualTo("CN=localhost");

            Files.writeString(archive.resolve("fullchain2.pem"), renewed.getCertificatePEM());
            Files.writeString(archive.resolve("privkey2.pem"), renewed.getPrivateKeyPEM());
            Files.delete(cert);
            Files.createSymbolicLink(cert, Path.of("../../archive/example/fullchain2.pem"));
            Files.delete(key);
            Files.createSymbolicLink(key, Path.of("../../archive/example/privkey2.pem"));
            proxy.signal("HUP");
            proxy.awaitStderr("listener certificate reloaded (SIGHUP): now CN=localhost renewed", 10);
            assertThat(TlsFixture.servedSubject(port)).isEqualTo("CN=localhost renewed");
            assertThat(proxy.stopAndWait()).isZero();
        }
    }
}
