package dev.telltale.proxy;

import org.junit.jupiter.api.Tag;
import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.ScriptedUpstream;
import dev.telltale.testing.TestCertificates;
import dev.telltale.testing.TlsFixture;
import dev.telltale.testing.TlsOkUpstream;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.telltale.proxy.TlsRoutes.failedRequest;
import static dev.telltale.testing.Transports.TRANSPORTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Handshakes that fail before any certificate is judged: the port speaks plain HTTP, the
 * upstream refuses with an alert, hangs up, or never answers.
 */
@Tag("socket")
class UpstreamTlsHandshakeTest {

    static final TestCertificates certificates = TlsFixture.certificates();
    static final String trustingTestCa = TlsFixture.trustingTestCa();

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void plainHttpUpstreamAnswering400Gives502SayingItIsPlainText(Transport transport) throws Exception {
        // Rejects the ClientHello as a malformed request, as nginx or Node do on a plain-HTTP port.
        try (ScriptedUpstream app = new ScriptedUpstream(connection -> {
            connection.readSome(16384);
            connection.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        })) {
            JsonNode line = failedRequest(transport, app.target(), trustingTestCa, 502, "tls_protocol_error");

            assertThat(line.get("failure_detail").asText()).isEqualTo("upstream answered in plain text "
                    + "(it starts with \"HTTP/1.1 400 Bad Request\"), not TLS; "
                    + "is upstreams.app.tls.enabled right for this port?");
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void plainHttpUpstreamWaitingForARequestLineGives502AfterTheHandshakeTimeout(Transport transport)
            throws Exception {
        // A plain-HTTP server reads the ClientHello as the start of a request line and waits for its
        // end. Scripted, not the JDK's server: the hello's random bytes can hold a CRLF, and then
        // that server answers 400 at once (the case of the test above).
        try (ScriptedUpstream app = new ScriptedUpstream(connection -> {
            connection.readSome(4096);
            Thread.sleep(10_000);
        })) {
            JsonNode line = failedRequest(transport, app.target(), trustingTestCa, "{ tls_handshake: 300ms }",
                    502, "tls_protocol_error");

            assertThat(line.get("failure_detail").asText()).isEqualTo("TLS handshake with " + app.target()
                    + " not complete within 300ms (routes[secure].timeouts.tls_handshake); the upstream sent"
                    + " nothing back, as a plain-HTTP server waiting for a request line would: is"
                    + " upstreams.app.tls.enabled right for this port?");
            assertThat(app.requests()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void upstreamRequiringAClientCertificateGives502WithTheAlert(Transport transport) throws Exception {
        try (TlsOkUpstream app = TlsOkUpstream.requiringClientCertificate(certificates.valid, certificates.ca)) {
            JsonNode line = failedRequest(transport, app.target(), trustingTestCa, 502, "tls_alert_received");

            assertThat(line.get("failure_detail").asText()).isEqualTo("upstream sent TLS alert bad_certificate "
                    + "during the handshake: it requires a client certificate, and the proxy sends none");
            assertThat(app.requests()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void upstreamHangingUpOnTheClientHelloGives502WithTlsProtocolError(Transport transport) throws Exception {
        try (ScriptedUpstream app = new ScriptedUpstream(connection -> {
            connection.readSome(16384);
            connection.close();
        })) {
            JsonNode line = failedRequest(transport, app.target(), trustingTestCa, 502, "tls_protocol_error");

            assertThat(line.get("failure_detail").asText()).isEqualTo("upstream " + app.target()
                    + " closed the connection during the TLS handshake without answering;"
                    + " is upstreams.app.tls.enabled right for this port?");
        }
    }
}
