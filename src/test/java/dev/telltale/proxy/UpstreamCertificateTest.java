package dev.telltale.proxy;

import org.junit.jupiter.api.Tag;
import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.TestCertificates;
import dev.telltale.testing.TlsFixture;
import dev.telltale.testing.TlsOkUpstream;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static dev.telltale.proxy.TlsRoutes.failedRequest;
import static dev.telltale.testing.Transports.TRANSPORTS;
import static org.assertj.core.api.Assertions.assertThat;

/** Upstream certificates the proxy refuses: the page and log say which problem, and what to set. */
@Tag("socket")
class UpstreamCertificateTest {

    static final TestCertificates certificates = TlsFixture.certificates();
    static final String trustingTestCa = TlsFixture.trustingTestCa();

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void expiredCertificateGives502WithTlsCertificateErrorAndTheDate(Transport transport) throws Exception {
        try (TlsOkUpstream app = TlsOkUpstream.presenting(certificates.expired)) {
            JsonNode line = failedRequest(transport, app.target(), trustingTestCa, 502, "tls_certificate_error");

            String notAfter = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC)
                    .format(certificates.expiredNotAfter);
            assertThat(line.get("failure_detail").asText())
                    .isEqualTo("certificate for localhost expired " + notAfter + " UTC");
            assertThat(app.requests()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void selfSignedCertificateGives502SayingItIsNotTrusted(Transport transport) throws Exception {
        try (TlsOkUpstream app = TlsOkUpstream.presenting(certificates.selfSigned)) {
            JsonNode line = failedRequest(transport, app.target(), trustingTestCa, 502, "tls_certificate_error");

            assertThat(line.get("failure_detail").asText()).isEqualTo("certificate for localhost is not trusted: "
                    + "self-signed by CN=Self Signed Localhost, not a CA in upstreams.app.tls.ca_file (ca.pem)");
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void privateCaWithoutCaFileGives502SuggestingCaFile(Transport transport) throws Exception {
        try (TlsOkUpstream app = TlsOkUpstream.presenting(certificates.valid)) {
            JsonNode line = failedRequest(transport, app.target(), "{ enabled: true, sni: localhost }",
                    502, "tls_certificate_error");

            assertThat(line.get("failure_detail").asText()).isEqualTo("certificate for localhost is not trusted: "
                    + "issued by CN=Telltale Test CA, not in the trust store (set upstreams.app.tls.ca_file)");
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void certificateForAnotherHostGives502NamingWhatItIsFor(Transport transport) throws Exception {
        try (TlsOkUpstream app = TlsOkUpstream.presenting(certificates.otherHost)) {
            JsonNode line = failedRequest(transport, app.target(), trustingTestCa, 502, "tls_certificate_error");

            assertThat(line.get("failure_detail").asText()).isEqualTo("certificate is for other.example, "
                    + "not localhost (set upstreams.app.tls.sni or fix the certificate)");
            assertThat(app.requests()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void certificateWithoutTheTargetIpGives502WhenNoSniIsSet(Transport transport) throws Exception {
        // Without tls.sni an IP target is checked against the certificate's IP addresses.
        String caOnly = trustingTestCa.replace(", sni: localhost", "");
        try (TlsOkUpstream app = TlsOkUpstream.presenting(certificates.otherHost)) {
            JsonNode line = failedRequest(transport, app.target(), caOnly, 502, "tls_certificate_error");

            assertThat(line.get("failure_detail").asText()).isEqualTo("certificate is for other.example, "
                    + "not 127.0.0.1 (set upstreams.app.tls.sni or fix the certificate)");
        }
    }
}
