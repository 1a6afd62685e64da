package dev.telltale.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.testing.TestCertificates;
import dev.telltale.testing.TlsOkUpstream;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.telltale.testing.Transports.TRANSPORTS;
import static org.assertj.core.api.Assertions.assertThat;

/** TLS towards upstreams that present an acceptable certificate: the request goes through. */
@Tag("socket")
class UpstreamTlsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String GET = TlsRoutes.GET;

    @TempDir
    static Path dir;
    static TestCertificates certificates;
    static Path caPem;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certificates = new TestCertificates();
        caPem = certificates.writeCaPem(dir);
    }

    private static ProxyHarness proxyTo(Transport transport, String target, String tls) throws Exception {
        return TlsRoutes.proxyTo(transport, target, tls, "{}");
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void validCertificateGives200AndLogsTlsMs(Transport transport) throws Exception {
        try (TlsOkUpstream app = TlsOkUpstream.presenting(certificates.valid);
             ProxyHarness proxy = proxyTo(transport, app.target(),
                     "{ enabled: true, ca_file: \"" + caPem + "\", sni: localhost }");
             RawHttpClient client = proxy.client()) {
            RawResponse response = client.exchange(GET);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("tls ok");
            JsonNode line = proxy.log().awaitFirstEntry(WAIT);
            assertThat(line.get("request_id").asText()).isEqualTo(response.header("x-request-id"));
            assertThat(line.get("failure").isNull()).isTrue();
            assertThat(line.get("tls_ms").isIntegralNumber()).isTrue();
            assertThat(line.get("connect_ms").isIntegralNumber()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void reusedConnectionLogsNoTlsMs(Transport transport) throws Exception {
        try (TlsOkUpstream app = TlsOkUpstream.presenting(certificates.valid);
             ProxyHarness proxy = proxyTo(transport, app.target(),
                     "{ enabled: true, ca_file: \"" + caPem + "\", sni: localhost }");
             RawHttpClient client = proxy.client()) {
            assertThat(client.exchange(GET).status()).isEqualTo(200);
            assertThat(client.exchange(GET).status()).isEqualTo(200);

            List<JsonNode> lines = proxy.log().awaitEntries(2, WAIT);
            assertThat(lines.get(0).get("tls_ms").isIntegralNumber()).isTrue();
            // The second request rode the pooled connection: no handshake of its own.
            assertThat(lines.get(1).get("tls_ms").isNull()).isTrue();
            assertThat(lines.get(1).get("connect_ms").isNull()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void ipTargetWithoutSniIsCheckedAgainstTheIpAddress(Transport transport) throws Exception {
        try (TlsOkUpstream app = TlsOkUpstream.presenting(certificates.valid);
             ProxyHarness proxy = proxyTo(transport, app.target(), "{ enabled: true, ca_file: \"" + caPem + "\" }");
             RawHttpClient client = proxy.client()) {
            assertThat(client.exchange(GET).status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void verifyFalseAcceptsASelfSignedCertificate(Transport transport) throws Exception {
        try (TlsOkUpstream app = TlsOkUpstream.presenting(certificates.selfSigned);
             ProxyHarness proxy = proxyTo(transport, app.target(), "{ enabled: true, verify: false }");
             RawHttpClient client = proxy.client()) {
            RawResponse response = client.exchange(GET);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("tls ok");
            JsonNode line = proxy.log().awaitFirstEntry(WAIT);
            assertThat(line.get("failure").isNull()).isTrue();
            assertThat(line.get("tls_ms").isIntegralNumber()).isTrue();
        }
    }
}
