package dev.telltale.cli;

import dev.telltale.testing.RecordingUpstream;
import dev.telltale.testing.TestCertificates;
import dev.telltale.testing.TlsFixture;
import dev.telltale.testing.TlsOkUpstream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static dev.telltale.cli.CommandRun.config;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code doctor} on TLS upstreams: the handshake is its own step, with the proxy's own TLS verdicts. */
@Tag("socket")
class DoctorTlsTest {

    @TempDir
    static Path dir;
    static final TestCertificates certificates = TlsFixture.certificates();
    static final String trustingTestCa = TlsFixture.trustingTestCa();

    private static CommandRun doctor(String target, String tls, String timeouts) throws Exception {
        Path file = config(dir, """
                upstreams:
                  app: { targets: ["%s"], tls: %s }
                routes:
                  - { name: secure, match: { path_prefix: / }, upstream: app, timeouts: %s }
                """.formatted(target, tls, timeouts));
        return CommandRun.of("doctor", "--config", file.toString());
    }

    @Test
    void trustedCertificatePassesWithProtocolAndExpiryThenTheGet() throws Exception {
        try (TlsOkUpstream app = TlsOkUpstream.presenting(certificates.valid)) {
            CommandRun run = doctor(app.target(), trustingTestCa, "{}");

            String until = LocalDate.ofInstant(certificates.valid.getCertificate().getNotAfter().toInstant(),
                    ZoneOffset.UTC).toString();
            assertThat(run.exitCode()).isEqualTo(0);
            assertThat(run.out())
                    .containsPattern("✓ tls      ok       TLSv1\\.[23], certificate valid until " + until + "  \\d+ ms")
                    .containsPattern("✓ http     ok       GET / -> 200  \\d+ ms")
                    .endsWith("1 target checked, 0 failed\n");
            assertThat(app.requests()).isEqualTo(1);
        }
    }

    @Test
    void untrustedCertificateFailsAtTlsSayingWhyAndPointingAtCaFile() throws Exception {
        try (TlsOkUpstream app = TlsOkUpstream.presenting(certificates.valid)) {
            CommandRun run = doctor(app.target(), "{ enabled: true, sni: localhost }", "{}");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out())
                    .containsPattern("✓ connect  ok .*\n    ✗ tls      FAILED   tls_certificate_error: certificate for "
                            + "localhost is not trusted: issued by CN=Telltale Test CA, not in the trust store "
                            + "\\(set upstreams\\.app\\.tls\\.ca_file\\)  \\d+ ms\n")
                    .contains("      likely: a self-signed or private-CA certificate while upstreams.app.tls.ca_file"
                            + " is not set\n")
                    .contains("      check:  for a private CA: set upstreams.app.tls.ca_file to the CA bundle\n")
                    .contains("    – http     skipped\n");
            assertThat(app.requests()).isZero();
        }
    }

    @Test
    void expiredCertificateFailsAtTlsWithItsDate() throws Exception {
        try (TlsOkUpstream app = TlsOkUpstream.presenting(certificates.expired)) {
            CommandRun run = doctor(app.target(), trustingTestCa, "{}");

            String notAfter = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC)
                    .format(certificates.expiredNotAfter);
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out())
                    .contains("✗ tls      FAILED   tls_certificate_error: certificate for localhost expired "
                            + notAfter + " UTC  ")
                    .contains("      likely: an expired certificate (the renewal job failed or did not reload the"
                            + " app)\n");
        }
    }

    @Test
    void plainHttpPortWithTlsEnabledFailsAtTlsWithTlsProtocolError() throws Exception {
        try (RecordingUpstream plain = new RecordingUpstream("plain")) {
            CommandRun run = doctor(plain.target(), "{ enabled: true }", "{ tls_handshake: 300ms }");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out())
                    .contains("✗ tls      FAILED   tls_protocol_error: TLS handshake with " + plain.target()
                            + " not complete within 300ms (routes[secure].timeouts.tls_handshake); the upstream sent"
                            + " nothing back")
                    .contains("      likely: TLS on one side only: upstreams.app.tls.enabled is true but the app"
                            + " serves plain HTTP on that port\n");
        }
    }

    @Test
    void caFileThatDoesNotLoadFailsTheUpstreamWithoutProbingIt() throws Exception {
        Path notPem = Files.writeString(dir.resolve("not.pem"), "not a certificate");
        CommandRun run = doctor("127.0.0.1:1", "{ enabled: true, ca_file: \"" + notPem + "\" }", "{}");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("upstream app (route secure)\n  ✗ setup    FAILED   upstreams.app.tls.ca_file: "
                + "cannot load " + notPem).endsWith("1 target checked, 1 failed\n");
    }
}
