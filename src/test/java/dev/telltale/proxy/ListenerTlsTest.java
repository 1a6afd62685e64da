package dev.telltale.proxy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.testing.RecordingUpstream;
import dev.telltale.testing.TlsFixture;
import dev.telltale.upstream.Transport;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.telltale.testing.Transports.TRANSPORTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code listen.tls} over real sockets: HTTPS is served and forwarded as https, plain HTTP sent
 * to the TLS port gets a 400 that says so, a broken handshake closes the connection quietly, and
 * a certificate or key that cannot be used stops the start with the setting and the file named.
 */
@Tag("socket")
class ListenerTlsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private ProxyHarness proxy(Transport transport, RecordingUpstream app, Path cert, Path key, String headTimeout)
            throws Exception {
        return ProxyHarness.startWhole(transport, """
                listen:
                  address: 127.0.0.1
                  port: 0
                  tls: { cert: "%s", key: "%s" }
                  client_header_timeout: %s
                upstreams:
                  app: { targets: [ "%s" ] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app }
                """.formatted(cert, key, headTimeout, app.target()));
    }

    private ProxyHarness proxy(Transport transport, RecordingUpstream app, String headTimeout) throws Exception {
        X509Bundle server = TlsFixture.certificates().valid;
        Path cert = Files.writeString(dir.resolve("tls.crt"), server.getCertificatePEM());
        Path key = Files.writeString(dir.resolve("tls.key"), server.getPrivateKeyPEM());
        return proxy(transport, app, cert, key, headTimeout);
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void httpsIsServedAndForwardedAsHttps(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = proxy(transport, app, "10s")) {
            SSLSocket socket = TlsFixture.connect(proxy.port(), "http/1.1");
            try (RawHttpClient client = new RawHttpClient(socket)) {
                // A client that asks for HTTP/1.1 by ALPN gets it (HTTP/2 is Http2ClientTest's).
                assertThat(socket.getApplicationProtocol()).isEqualTo("http/1.1");
                RawResponse get = client.exchange("GET /secure HTTP/1.1\r\nHost: a\r\n\r\n");
                assertThat(get.status()).isEqualTo(200);
                assertThat(app.last().header("x-forwarded-proto")).isEqualTo("https");
                // The same connection carries a body, then another request.
                RawResponse post = client.exchange("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
                assertThat(post.status()).isEqualTo(200);
                assertThat(post.bodyText()).isEqualTo("hello");
            }
            List<JsonNode> lines = proxy.log().awaitEntries(2, WAIT);
            assertThat(lines).extracting(line -> line.get("status").asInt()).containsExactly(200, 200);
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void plainHttpToTheTlsPortGets400SayingSo(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = proxy(transport, app, "10s");
             RawHttpClient client = proxy.client()) {
            RawResponse response = client.exchange("GET /page HTTP/1.1\r\nHost: a\r\nAccept: text/plain\r\n\r\n");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("proxy-status")).startsWith("telltale; error=http_request_error");
            assertThat(response.bodyText()).contains("plain HTTP was sent to the TLS listener");
            assertThat(client.closedByPeer()).isTrue();
            assertThat(app.received()).isEmpty();
            JsonNode line = proxy.log().awaitFirstEntry(WAIT);
            assertThat(line.get("request_id").asText()).isEqualTo(response.header("x-request-id"));
            assertThat(line.get("failure").asText()).isEqualTo("http_request_error");
            assertThat(line.get("path").asText()).isEqualTo("/page");
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aBrokenHandshakeClosesTheConnectionQuietly(Transport transport) throws Exception {
        Logger proxyLogs = (Logger) LoggerFactory.getLogger("dev.telltale.proxy");
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        proxyLogs.addAppender(warnings);
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = proxy(transport, app, "10s")) {
            try (RawHttpClient client = proxy.client()) {
                // A TLS handshake record header, then bytes that are no ClientHello.
                client.send(new byte[] {0x16, 0x03, 0x01, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 7, 8});
                // At most a TLS alert record (type 21) comes back before the close, never an HTTP answer.
                byte[] answer = client.input().readAllBytes();
                assertThat(answer.length == 0 || answer[0] == 21).as("answer %s", java.util.Arrays.toString(answer))
                        .isTrue();
            }
            // The proxy still serves, and the broken connection left no request line.
            try (RawHttpClient client = new RawHttpClient(TlsFixture.connect(proxy.port(), "http/1.1"))) {
                assertThat(client.exchange("GET /after HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(200);
            }
            assertThat(proxy.log().awaitFirstEntry(WAIT).get("path").asText()).isEqualTo("/after");
            assertThat(proxy.log().lines()).hasSize(1);
        } finally {
            proxyLogs.detachAppender(warnings);
        }
        assertThat(warnings.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aStalledHandshakeIsClosedAtTheHeaderTimeout(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = proxy(transport, app, "300ms");
             RawHttpClient client = proxy.client()) {
            long start = System.nanoTime();
            client.send(new byte[] {0x16, 0x03, 0x01}); // the start of a record, then silence

            assertThat(client.input().readAllBytes()).isEmpty();
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 5_000L);
            assertThat(proxy.log().lines()).isEmpty();
        }
    }

    @Test
    void aKeyTheJdkCannotReadStopsTheStartWithAHint() throws Exception {
        X509Bundle server = TlsFixture.certificates().valid;
        Path cert = Files.writeString(dir.resolve("tls.crt"), server.getCertificatePEM());
        Path pkcs1 = Files.writeString(dir.resolve("rsa.key"),
                "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n"
                        + "-----END RSA PRIVATE KEY-----\n");
        try (RecordingUpstream app = new RecordingUpstream("app")) {
            assertThatThrownBy(() -> proxy(Transport.nio(), app, cert, pkcs1, "10s").close())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("listen.tls: cannot use cert " + cert + " with key " + pkcs1 + ": ")
                    .hasMessageEndingWith("the key must be PKCS#8 (BEGIN PRIVATE KEY): convert it with"
                            + " `openssl pkey -in OLD -out NEW`");
        }
    }

    @Test
    void aMissingCertificateStopsTheStartNamingTheFile() throws Exception {
        X509Bundle server = TlsFixture.certificates().valid;
        Path key = Files.writeString(dir.resolve("tls.key"), server.getPrivateKeyPEM());
        Path missing = dir.resolve("missing.crt");
        try (RecordingUpstream app = new RecordingUpstream("app")) {
            assertThatThrownBy(() -> proxy(Transport.nio(), app, missing, key, "10s").close())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("listen.tls: cannot use cert " + missing + " with key " + key + ": ");
        }
    }
}
