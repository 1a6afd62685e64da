package dev.telltale.testing;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * The test certificates, made once per test run (generating keys is slow), and the upstream
 * {@code tls:} setting that trusts their CA.
 */
public final class TlsFixture {

    private static TestCertificates certificates;
    private static String trustingTestCa;

    private TlsFixture() {
    }

    public static synchronized TestCertificates certificates() {
        if (certificates == null) {
            try {
                certificates = new TestCertificates();
            } catch (Exception e) {
                throw new IllegalStateException("cannot make test certificates", e);
            }
        }
        return certificates;
    }

    /**
     * A TLS connection to 127.0.0.1:{@code port} that trusts the test CA and checks the name, its
     * handshake done; {@code protocols}: what it offers by ALPN (none when empty).
     */
    public static SSLSocket connect(int port, String... protocols) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, certificates().ca.toTrustManagerFactory().getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificates name 127.0.0.1
        if (protocols.length > 0) {
            parameters.setApplicationProtocols(protocols);
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    /** The subject of the certificate a new connection to {@code port} is served. */
    public static String servedSubject(int port) throws Exception {
        try (SSLSocket socket = connect(port)) {
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }

    /** {@code { enabled: true, ca_file: "<the test CA>", sni: localhost }}. */
    public static synchronized String trustingTestCa() {
        if (trustingTestCa == null) {
            try {
                Path dir = Files.createTempDirectory("telltale-test-ca");
                dir.toFile().deleteOnExit();
                Path pem = certificates().writeCaPem(dir);
                pem.toFile().deleteOnExit();
                trustingTestCa = "{ enabled: true, ca_file: \"" + pem + "\", sni: localhost }";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return trustingTestCa;
    }
}
