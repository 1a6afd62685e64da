package dev.telltale.tls;

import dev.telltale.config.ListenTlsConfig;
import dev.telltale.testing.CapturedLog;
import dev.telltale.testing.TlsFixture;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLHandshakeException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The rate limit on handshake-failure lines: one per reason per 10 s, the next saying how many were not written. */
class HandshakeFailuresTest {

    private CapturedLog lines;
    private final AtomicLong clock = new AtomicLong(123);

    @TempDir
    Path dir;

    @BeforeEach
    void captureLog() {
        lines = new CapturedLog(HandshakeFailures.class);
    }

    @AfterEach
    void releaseLog() {
        lines.close();
    }

    @Test
    void oneLinePerReasonEveryTenSecondsAndTheNextCountsTheRest() throws Exception {
        X509Bundle bundle = TlsFixture.certificates().valid;
        ListenerCertificate certificate = ListenerCertificate.load(new ListenTlsConfig(
                Files.writeString(dir.resolve("c.pem"), bundle.getCertificatePEM()),
                Files.writeString(dir.resolve("k.pem"), bundle.getPrivateKeyPEM())), false);
        HandshakeFailures failures = new HandshakeFailures(clock::get);
        InetSocketAddress client = new InetSocketAddress("127.0.0.1", 40000);
        SSLHandshakeException refused = new SSLHandshakeException("Received fatal alert: unknown_ca");
        NotSslRecordException garbage = new NotSslRecordException("not an SSL/TLS record: 474554");

        for (int i = 0; i < 4; i++) {
            failures.record(HandshakeFailure.of(refused, false), client, refused, certificate);
        }
        failures.record(HandshakeFailure.of(garbage, false), client, garbage, certificate);
        assertThat(lines.messages()).satisfiesExactly(
                first -> assertThat(first).startsWith("TLS handshake from 127.0.0.1:40000 failed (certificate_rejected)")
                        .contains("(alert unknown_ca)").doesNotContain("more like it"),
                other -> assertThat(other).contains("failed (malformed)"));

        clock.addAndGet(TimeUnit.SECONDS.toNanos(9));
        failures.record(HandshakeFailure.CERTIFICATE_REJECTED, client, refused, certificate);
        assertThat(lines.messages()).hasSize(2);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        failures.record(HandshakeFailure.CERTIFICATE_REJECTED, client, refused, certificate);
        assertThat(lines.messages()).hasSize(3);
        assertThat(lines.messages().get(2)).endsWith("[and 4 more like it since the last such line]");
        assertThat(failures.count(HandshakeFailure.CERTIFICATE_REJECTED)).isEqualTo(6);
        assertThat(failures.counts()).containsEntry("certificate_rejected", 6L).containsEntry("malformed", 1L)
                .containsEntry("timeout", 0L).hasSize(HandshakeFailure.values().length);
    }
}
