package dev.telltale.upstream;

import dev.telltale.config.UpstreamTlsConfig;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.ExchangeFailureException;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.testing.TestCertificates;
import dev.telltale.upstream.RejectionReportingTrust.RejectedChainException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Errors;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What the wire said, one kind of input at a time, and the failure it is named. */
class WireFailuresTest {

    private static final ConnectSettings SETTINGS = new ConnectSettings(Duration.ofSeconds(5),
            "routes[web].timeouts.connect", Duration.ofSeconds(3), "routes[web].timeouts.tls_handshake",
            64 * 1024, 10, "upstreams.app.pool.max_connections");
    private static final String WHERE = "app:3000 (10.0.0.5:3000)";
    private static final byte[] NOTHING = new byte[0];

    private static TestCertificates certificates;
    private static TlsFailures tlsWording;

    @BeforeAll
    static void certificates() throws Exception {
        certificates = new TestCertificates();
        tlsWording = new TlsFailures(UpstreamTls.of("app", new UpstreamTlsConfig(true, true, null, null)),
                "app.test", WHERE, SETTINGS);
    }

    @Test
    void errnoValuesOfTheNativeTransportAreNamed() {
        // The native library must be loaded before Errors is initialised, or the class breaks for the JVM.
        assumeTrue(Epoll.isAvailable(), "native epoll is not available here");
        assertThat(connect(new Errors.NativeIoException("connect", -111)).failure()).isEqualTo(Failure.CONNECTION_REFUSED);
        assertThat(connect(new Errors.NativeIoException("connect", -113)).failure())
                .isEqualTo(Failure.DESTINATION_IP_UNROUTABLE);
        assertThat(connect(new Errors.NativeIoException("connect", -101)).failure())
                .isEqualTo(Failure.DESTINATION_IP_UNROUTABLE);
        assertThat(connect(new Errors.NativeIoException("connect", -110)).failure()).isEqualTo(Failure.CONNECTION_TIMEOUT);
        ExchangeFailure resetAsConnected = connect(new Errors.NativeIoException("connect", -104));
        assertThat(resetAsConnected.failure()).isEqualTo(Failure.CONNECTION_TERMINATED);
        assertThat(resetAsConnected.requestSent()).isFalse();
        assertThat(resetAsConnected.leftUnread()).as("a listener closed with the connection still queued").isTrue();
        assertThat(connect(new Errors.NativeIoException("connect", -111)).leftUnread()).isFalse();
        ExchangeFailure reset = WireFailures.ofExchange(new Errors.NativeIoException("read", -104),
                Phase.RESPONSE_HEAD, false);
        assertThat(reset.failure()).isEqualTo(Failure.CONNECTION_TERMINATED);
        assertThat(reset.detail()).isEqualTo("upstream reset the connection during response_head"
                + " (connection reset by peer)");
        assertThat(WireFailures.ofExchange(new Errors.NativeIoException("write", -32), Phase.REQUEST, true).failure())
                .isEqualTo(Failure.STALE_CONNECTION);
    }

    @Test
    void whatTheUpstreamLeftUnreadIsMarkedForTheOneReplay() {
        Errors.NativeIoException reset = new Errors.NativeIoException("read", -104);
        ExchangeFailure race = WireFailures.ofExchange(reset, Phase.RESPONSE_HEAD, true, true);
        assertThat(race.failure()).isEqualTo(Failure.STALE_CONNECTION);
        assertThat(race.leftUnread()).as("the keep-alive race").isTrue();
        ExchangeFailure freshReset = WireFailures.ofExchange(reset, Phase.RESPONSE_HEAD, true, false);
        assertThat(freshReset.failure()).isEqualTo(Failure.CONNECTION_TERMINATED);
        assertThat(freshReset.leftUnread()).as("a fresh connection reset before any response byte").isTrue();
        assertThat(WireFailures.ofExchange(reset, Phase.RESPONSE_BODY, false, false).leftUnread())
                .as("a reset once the response began").isFalse();
        assertThat(WireFailures.ofExchange(new Errors.NativeIoException("write", -32), Phase.REQUEST, true, false)
                .leftUnread()).as("a broken pipe on a fresh connection: the upstream may have read it").isFalse();
        assertThat(WireFailures.ofClose(Phase.RESPONSE_HEAD, false).leftUnread())
                .as("a FIN after the upstream read the request").isFalse();
        assertThat(WireFailures.ofClose(Phase.RESPONSE_HEAD, true).leftUnread()).as("a pooled connection closed")
                .isTrue();
    }

    @Test
    void errnoValuesInTheTextOfAnExceptionAreNamed() {
        ExchangeFailure refused = connect(new ConnectException("connect(..) failed with error(-111): Connection refused"));
        assertThat(refused.failure()).isEqualTo(Failure.CONNECTION_REFUSED);
        assertThat(refused.detail()).isEqualTo("connect to " + WHERE + " refused");
        assertThat(refused.requestSent()).isFalse();
        assertThat(connect(new ConnectException("finishConnect(..) failed with error(-113): No route to host"))
                .failure()).isEqualTo(Failure.DESTINATION_IP_UNROUTABLE);
        assertThat(connect(new ConnectException("Connection refused")).failure()).isEqualTo(Failure.CONNECTION_REFUSED);
        assertThat(connect(new NoRouteToHostException("whatever")).failure())
                .isEqualTo(Failure.DESTINATION_IP_UNROUTABLE);
        assertThat(WireFailures.ofExchange(new SocketException("Connection reset"), Phase.RESPONSE_BODY, false)
                .detail()).isEqualTo("upstream reset the connection during response_body (connection reset by peer)");
    }

    @Test
    void exceptionTypesAreNamed() {
        ExchangeFailure timedOut = connect(new ConnectTimeoutException("connection timed out: /10.0.0.5:3000"));
        assertThat(timedOut.failure()).isEqualTo(Failure.CONNECTION_TIMEOUT);
        assertThat(timedOut.detail()).isEqualTo("no TCP connection to " + WHERE + " within 5s (routes[web].timeouts.connect)");
        assertThat(timedOut.configKey()).isEqualTo("routes[web].timeouts.connect = 5s");
        assertThat(WireFailures.ofResolution(new UnknownHostException("app: Name or service not known"), "app"))
                .isEqualTo(ExchangeFailure.beforeSending(Failure.DNS_ERROR, Phase.CONNECT,
                        "name app does not resolve (app: Name or service not known)"));
        DnsNameResolverTimeoutException dnsTimeout = new DnsNameResolverTimeoutException(
                new InetSocketAddress("127.0.0.53", 53), new DefaultDnsQuestion("app.", DnsRecordType.A), "timed out");
        assertThat(WireFailures.ofResolution(new UnknownHostException("app").initCause(dnsTimeout), "app").failure())
                .isEqualTo(Failure.DNS_TIMEOUT);
        assertThat(WireFailures.ofResponseHead(new PrematureChannelClosureException(), 1024, "limits.x").failure())
                .isEqualTo(Failure.HTTP_RESPONSE_INCOMPLETE);
        ExchangeFailure tooLarge = WireFailures.ofResponseHead(new TooLongFrameException("too long"), 8192,
                "routes[web].limits.max_response_header_bytes");
        assertThat(tooLarge.failure()).isEqualTo(Failure.HTTP_RESPONSE_HEADER_SECTION_SIZE);
        assertThat(tooLarge.configKey()).startsWith("routes[web].limits.max_response_header_bytes = ");
        assertThat(WireFailures.ofResponseHead(new IllegalArgumentException("invalid version format: SSH-2.0"),
                1024, null).failure()).isEqualTo(Failure.HTTP_PROTOCOL_ERROR);
        ExchangeFailure classified = ExchangeFailure.afterSending(Failure.HTTP_PROTOCOL_ERROR, Phase.RESPONSE_HEAD, "x");
        assertThat(WireFailures.ofExchange(new ExchangeFailureException(classified), Phase.RESPONSE_HEAD, true))
                .isSameAs(classified);
    }

    @Test
    void tlsAlertsAndHandshakeFailuresAreNamed() {
        ExchangeFailure alert = handshake(new SSLHandshakeException("Received fatal alert: handshake_failure"));
        assertThat(alert.failure()).isEqualTo(Failure.TLS_ALERT_RECEIVED);
        assertThat(alert.detail()).startsWith("upstream sent TLS alert handshake_failure during the handshake: ");
        assertThat(handshake(new SSLHandshakeException("Received fatal alert: no_such_alert_meaning")).detail())
                .isEqualTo("upstream sent TLS alert no_such_alert_meaning during the handshake");
        ExchangeFailure timedOut = handshake(new SslHandshakeTimeoutException("handshake timed out after 3000ms"));
        assertThat(timedOut.failure()).isEqualTo(Failure.TLS_PROTOCOL_ERROR);
        assertThat(timedOut.configKey()).isEqualTo("routes[web].timeouts.tls_handshake = 3s");
        ExchangeFailure plain = WireFailures.ofHandshake(new NotSslRecordException("not an SSL/TLS record"),
                "HTTP/1.1 400 Bad Request\r\n".getBytes(StandardCharsets.US_ASCII), tlsWording);
        assertThat(plain.failure()).isEqualTo(Failure.TLS_PROTOCOL_ERROR);
        assertThat(plain.detail()).contains("in plain text (it starts with \"HTTP/1.1 400 Bad Request\")");
        SSLHandshakeException cutShort = new SSLHandshakeException("General SSLEngine problem");
        cutShort.addSuppressed(new ClosedChannelException());
        assertThat(handshake(cutShort).detail()).startsWith("upstream " + WHERE
                + " closed the connection during the TLS handshake without answering");
        assertThat(handshake(new SocketException("Connection reset")).detail())
                .isEqualTo("TLS handshake with " + WHERE + " failed: connection reset by peer");
        assertThat(handshake(new SocketException("Connection reset")).requestSent()).isFalse();
    }

    @Test
    void certificateProblemsAreNamed() throws Exception {
        X509Certificate expired = certificates.expired.getCertificate();
        ExchangeFailure old = handshake(new SSLHandshakeException("PKIX").initCause(
                new RejectedChainException(new X509Certificate[] {expired}, new CertificateExpiredException("NotAfter"))));
        assertThat(old.failure()).isEqualTo(Failure.TLS_CERTIFICATE_ERROR);
        assertThat(old.detail()).startsWith("certificate for app.test expired ");
        ExchangeFailure untrusted = handshake(new RejectedChainException(
                new X509Certificate[] {certificates.selfSigned.getCertificate()},
                new CertificateException(new CertPathBuilderException("unable to find valid certification path"))));
        assertThat(untrusted.failure()).isEqualTo(Failure.TLS_CERTIFICATE_ERROR);
        assertThat(untrusted.detail()).startsWith("certificate for app.test is not trusted: self-signed by ");
        ExchangeFailure otherHost = handshake(new RejectedChainException(
                new X509Certificate[] {certificates.otherHost.getCertificate()},
                new CertificateException("No subject alternative DNS name matching app.test found.")));
        assertThat(otherHost.failure()).isEqualTo(Failure.TLS_CERTIFICATE_ERROR);
        assertThat(otherHost.detail()).startsWith("certificate is for ").contains(", not app.test");
    }

    private static ExchangeFailure connect(Throwable cause) {
        return WireFailures.ofConnect(cause, WHERE, SETTINGS);
    }

    private static ExchangeFailure handshake(Throwable cause) {
        return WireFailures.ofHandshake(cause, NOTHING, tlsWording);
    }
}
