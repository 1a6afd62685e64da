package dev.telltale.proxy;

import dev.telltale.testing.CapturedLog;
import dev.telltale.testing.ClientHellos;
import dev.telltale.testing.Curl;
import dev.telltale.testing.Poll;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RecordingUpstream;
import dev.telltale.testing.TlsFixture;
import dev.telltale.tls.HandshakeFailure;
import dev.telltale.tls.HandshakeFailures;
import dev.telltale.upstream.Transport;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static dev.telltale.testing.Transports.TRANSPORTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Client handshakes the TLS listener fails, over real sockets with real and hand-made clients:
 * each is counted under its reason and logged once, with the client's address and what to check;
 * what is no handshake at all (plain HTTP, a bare connect) is not counted.
 */
@Tag("socket")
class ClientHandshakeFailuresTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @org.junit.jupiter.api.io.TempDir
    Path dir;

    private CapturedLog lines;

    @BeforeEach
    void captureLog() {
        lines = new CapturedLog(HandshakeFailures.class);
    }

    @AfterEach
    void releaseLog() {
        lines.close();
    }

    private ProxyHarness proxy(Transport transport, RecordingUpstream app) throws Exception {
        X509Bundle server = TlsFixture.certificates().valid;
        Path cert = Files.writeString(dir.resolve("tls.crt"), server.getCertificatePEM());
        Path key = Files.writeString(dir.resolve("tls.key"), server.getPrivateKeyPEM());
        return ProxyHarness.startWhole(transport, """
                listen:
                  address: 127.0.0.1
                  port: 0
                  tls: { cert: "%s", key: "%s" }
                  client_header_timeout: 400ms
                upstreams:
                  app: { targets: [ "%s" ] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app }
                """.formatted(cert, key, app.target()));
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void eachFailedHandshakeIsCountedByReasonAndLogged(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = proxy(transport, app)) {
            HandshakeFailures failures = proxy.server().tls().handshakeFailures();

            // A client that does not trust the certificate's issuer (the JDK's own CAs only): it sends an alert.
            int refusingPort;
            try (SSLSocket refusing = (SSLSocket) SSLContext.getDefault().getSocketFactory()
                    .createSocket("127.0.0.1", proxy.port())) {
                refusingPort = refusing.getLocalPort();
                assertThatThrownBy(refusing::startHandshake).isInstanceOf(SSLHandshakeException.class);
            }
            awaitCount(failures, HandshakeFailure.CERTIFICATE_REJECTED, 1);
            assertThat(line("certificate_rejected")).contains("127.0.0.1:" + refusingPort)
                    .contains("the client refused the listener's certificate (alert certificate_unknown)")
                    .contains("check that clients trust its issuer").contains("CN=localhost")
                    .contains("issued by CN=Telltale Test CA");
            // curl (OpenSSL) without the test CA: its alert is unknown_ca over TLS 1.2, and over TLS 1.3 one sent
            // in clear that the JDK cannot read; the same reason either way.
            assertThatThrownBy(() -> Curl.run("--tls-max", "1.2", "https://127.0.0.1:" + proxy.port() + "/"))
                    .isInstanceOf(IOException.class).hasMessageContaining("exit 60");
            awaitCount(failures, HandshakeFailure.CERTIFICATE_REJECTED, 2);
            assertThatThrownBy(() -> Curl.run("https://127.0.0.1:" + proxy.port() + "/"))
                    .isInstanceOf(IOException.class).hasMessageContaining("exit 60");
            awaitCount(failures, HandshakeFailure.CERTIFICATE_REJECTED, 3);

            // Only TLS 1.0 offered.
            assertClosedAfter(proxy, ClientHellos.hello(ClientHellos.TLS_1_0, ClientHellos.ECDHE_RSA_AES128_SHA));
            awaitCount(failures, HandshakeFailure.PROTOCOL_VERSION, 1);
            assertThat(line("protocol_version")).contains("no TLS version in common");

            // TLS 1.2 with only RC4.
            assertClosedAfter(proxy, ClientHellos.hello(ClientHellos.TLS_1_2, ClientHellos.RC4_SHA));
            awaitCount(failures, HandshakeFailure.NO_SHARED_CIPHER, 1);
            assertThat(line("no_shared_cipher")).contains("no cipher suite in common");

            // A handshake record header, then bytes that are no ClientHello.
            assertClosedAfter(proxy, new byte[] {0x16, 0x03, 0x01, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 7, 8});
            awaitCount(failures, HandshakeFailure.MALFORMED, 1);

            // Half a ClientHello, then the client hangs up.
            byte[] hello = ClientHellos.hello(ClientHellos.TLS_1_2, 0x1301, 0xc02b);
            try (RawHttpClient client = proxy.client()) {
                client.send(Arrays.copyOf(hello, hello.length / 2));
                Thread.sleep(100);
            }
            awaitCount(failures, HandshakeFailure.CLOSED, 1);

            // Half a ClientHello, then silence: the head's clock closes it.
            try (RawHttpClient client = proxy.client()) {
                client.send(Arrays.copyOf(hello, hello.length / 2));
                assertThat(client.input().readAllBytes()).isEmpty();
            }
            awaitCount(failures, HandshakeFailure.TIMEOUT, 1);
            assertThat(line("timeout")).contains("not complete within listen.client_header_timeout");

            // None of that reached the app or the access log, and a good client is still served.
            assertThat(app.received()).isEmpty();
            assertThat(proxy.log().lines()).isEmpty();
            assertThat(failures.count(HandshakeFailure.OTHER)).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void whatIsNoHandshakeIsNotCountedAndRepeatsAreNotLoggedAgain(Transport transport) throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = proxy(transport, app)) {
            HandshakeFailures failures = proxy.server().tls().handshakeFailures();
            // A bare connect (a TCP probe), and plain HTTP (answered 400, in the access log).
            new Socket("127.0.0.1", proxy.port()).close();
            try (RawHttpClient client = proxy.client()) {
                assertThat(client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(400);
            }
            proxy.log().awaitFirstEntry(WAIT);

            for (int i = 0; i < 5; i++) {
                assertClosedAfter(proxy, ClientHellos.hello(ClientHellos.TLS_1_2, ClientHellos.RC4_SHA));
            }
            awaitCount(failures, HandshakeFailure.NO_SHARED_CIPHER, 5);
            assertThat(failures.counts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(5);
            // One line for the five: the rest wait for the next line, at most one per reason every 10 s.
            assertThat(lines.messages()).hasSize(1);
        }
    }

    private static void assertClosedAfter(ProxyHarness proxy, byte[] bytes) throws IOException {
        try (RawHttpClient client = proxy.client()) {
            client.send(bytes);
            byte[] answer = client.input().readAllBytes();
            // At most a TLS alert (record type 21) before the close.
            assertThat(answer.length == 0 || answer[0] == 21).as("answer %s", Arrays.toString(answer)).isTrue();
        }
    }

    private static void awaitCount(HandshakeFailures failures, HandshakeFailure reason, long count) {
        Poll.until(count + " " + reason.wireName() + " (" + failures.counts() + ")", () -> failures.count(reason) >= count);
        assertThat(failures.count(reason)).as(reason.wireName()).isEqualTo(count);
    }

    private String line(String reason) {
        Poll.until("a " + reason + " line", () -> lines.messages().stream()
                .anyMatch(message -> message.contains("failed (" + reason + ")")));
        return lines.messages().stream().filter(message -> message.contains("failed (" + reason + ")")).findFirst()
                .orElseThrow();
    }
}
