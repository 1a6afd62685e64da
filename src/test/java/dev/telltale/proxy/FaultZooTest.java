package dev.telltale.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.failure.Explanation;
import dev.telltale.failure.Explanations;
import dev.telltale.diagnostics.Html;
import dev.telltale.failure.Failure;
import dev.telltale.testing.FakeDnsServer;
import dev.telltale.testing.Ports;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.testing.TelltaleSocketPermutation;
import dev.telltale.testing.TestCertificates;
import dev.telltale.testing.TlsFixture;
import dev.telltale.zoo.MisbehavingUpstream;
import dev.telltale.zoo.Misbehaviour;
import dev.telltale.zoo.Misbehaviours;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.pkitesting.X509Bundle;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapComboFactory;
import io.netty.testsuite.transport.socket.AbstractSocketTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault zoo: one misbehaving upstream per failure class (docs/failures.md), each proven end to
 * end over real sockets, on every transport and allocator combination of Netty's test suite.
 */
@Tag("socket")
class FaultZooTest extends AbstractSocketTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String GET = "GET /zoo HTTP/1.1\r\nHost: shop.test\r\n\r\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return TelltaleSocketPermutation.INSTANCE.socket();
    }

    // ---- the upstream fails before a response head reaches the client: the proxy answers ----

    @Test
    void refusedPortGives502ConnectionRefused(TestInfo info) throws Throwable {
        run(info, (sb, cb) -> {
            int closed = Ports.closed();
            explained(cb, "127.0.0.1:" + closed, "", 502, "connection_refused", "refused");
        });
    }

    @Test
    void resetOnAcceptGives502ConnectionTerminated(TestInfo info) throws Throwable {
        zoo(info, Misbehaviours.resetsOnAccept(), "", 502, "connection_terminated", "");
    }

    @Test
    void resetAfterTheRequestGives502ConnectionTerminated(TestInfo info) throws Throwable {
        zoo(info, Misbehaviours.resetsAfterRequest(), "", 502, "connection_terminated", "");
    }

    @Test
    void closeBeforeAnyByteGives502ConnectionTerminated(TestInfo info) throws Throwable {
        zoo(info, Misbehaviours.closesBeforeAnyByte(), "", 502, "connection_terminated", "before sending a response");
    }

    @Test
    void garbageBytesGive502HttpProtocolError(TestInfo info) throws Throwable {
        zoo(info, Misbehaviours.answersThenCloses("HELLO THERE\r\n\r\n"), "", 502, "http_protocol_error",
                "upstream sent \"HELLO THERE");
    }

    @Test
    void brokenStatusLineGives502HttpProtocolError(TestInfo info) throws Throwable {
        zoo(info, Misbehaviours.answers("HTTP/1.1 2x0 OK\r\nContent-Length: 2\r\n\r\nok"), "", 502,
                "http_protocol_error", "invalid status line");
    }

    @Test
    void headerLineWithoutColonGives502HttpProtocolError(TestInfo info) throws Throwable {
        zoo(info, Misbehaviours.answers("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nNo colon here\r\n\r\nok"), "", 502,
                "http_protocol_error", "without a name and colon");
    }

    @Test
    void conflictingContentLengthsGive502HttpProtocolError(TestInfo info) throws Throwable {
        zoo(info, Misbehaviours.answers("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok"), "",
                502, "http_protocol_error", "conflicting Content-Length values 2 and 3");
    }

    @Test
    void contentLengthWithChunkedGives502HttpProtocolError(TestInfo info) throws Throwable {
        zoo(info, Misbehaviours.answers("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2\r\nok\r\n0\r\n\r\n"), "", 502, "http_protocol_error", "both Content-Length and Transfer-Encoding");
    }

    @Test
    void headCutOffGives502HttpResponseIncomplete(TestInfo info) throws Throwable {
        zoo(info, Misbehaviours.answersThenCloses("HTTP/1.1 200 OK\r\nContent-Le"), "", 502,
                "http_response_incomplete", "partial response head");
    }

    @Test
    void hundredKibHeadGives502HeaderSectionSize(TestInfo info) throws Throwable {
        zoo(info, Misbehaviours.hugeHead(100 * 1024), "", 502, "http_response_header_section_size",
                "response head exceeded 32KiB (defaults.limits.max_response_header_bytes)");
    }

    @Test
    void declaredOversizedBodyGives502ResponseBodySize(TestInfo info) throws Throwable {
        zoo(info, Misbehaviours.bodyOf(2 * 1024 * 1024), "    limits: { max_response_body_bytes: 1MiB }\n", 502,
                "http_response_body_size", "more than 1MiB (routes[zoo].limits.max_response_body_bytes)");
    }

    @Test
    void silentUpstreamGives504ResponseTimeout(TestInfo info) throws Throwable {
        zoo(info, Misbehaviours.silent(), "    timeouts: { response_header: 300ms }\n", 504, "http_response_timeout",
                "no response head within 300ms (routes[zoo].timeouts.response_header)");
    }

    @Test
    void tlsServerReachedWithoutTlsGives502TlsProtocolError(TestInfo info) throws Throwable {
        // A TLS-only server answers plain HTTP with a fatal alert record: 21, TLS 1.2, length 2, fatal, 70.
        zoo(info, Misbehaviours.answersThenCloses("\u0015\u0003\u0003\u0000\u0002\u0002\u0046"), "", 502,
                "tls_protocol_error", "it speaks TLS on this port");
    }

    @Test
    void connectThatNeverCompletesGives504ConnectionTimeout(TestInfo info) throws Throwable {
        run(info, (sb, cb) -> {
            try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                List<SocketChannel> queued = fillAcceptQueue(full.getLocalPort());
                try {
                    explained(cb, "127.0.0.1:" + full.getLocalPort(), "    timeouts: { connect: 300ms }\n", 504,
                            "connection_timeout", "within 300ms (routes[zoo].timeouts.connect)");
                } finally {
                    for (SocketChannel channel : queued) {
                        channel.close();
                    }
                }
            }
        });
    }

    @Test
    void unknownNameGives502DnsError(TestInfo info) throws Throwable {
        run(info, (sb, cb) -> {
            try (FakeDnsServer dns = FakeDnsServer.knowingNoNames()) {
                explained(cb, dns.provider(), "app.invalid:3000", "", 502, "dns_error", "app.invalid does not resolve");
            }
        });
    }

    @Test
    void silentDnsGives504DnsTimeout(TestInfo info) throws Throwable {
        run(info, (sb, cb) -> {
            try (FakeDnsServer dns = FakeDnsServer.silent()) {
                explained(cb, dns.provider(), "app.invalid:3000", "    timeouts: { connect: 300ms }\n", 504,
                        "dns_timeout", "did not resolve within 300ms");
            }
        });
    }

    @Test
    void upstreamThatStopsReadingTheBodyGives504WriteTimeout(TestInfo info) throws Throwable {
        run(info, (sb, cb) -> {
            try (MisbehavingUpstream upstream = new MisbehavingUpstream(sb, Misbehaviours.stopsReading());
                 ProxyHarness proxy = proxyFor(cb, DnsServerAddressStreamProviders.platformDefault(),
                         upstream.target(), "    timeouts: { idle: 300ms }\n");
                 RawHttpClient client = proxy.client()) {
                long size = 64L * 1024 * 1024;
                Thread writer = new Thread(() -> {
                    try {
                        client.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + size + "\r\n\r\n");
                        byte[] block = new byte[64 * 1024];
                        for (long sent = 0; sent < size; sent += block.length) {
                            client.output().write(block);
                        }
                    } catch (Exception stopped) {
                        // the proxy gave up on this request and closed the connection
                    }
                });
                writer.setDaemon(true);
                writer.start();
                RawResponse response = client.read();
                assertThat(response.status()).isEqualTo(504);
                assertThat(response.header("proxy-status")).startsWith("telltale; error=connection_write_timeout");
                JsonNode line = proxy.log().awaitFirstEntry(WAIT);
                assertThat(line.get("failure").asText()).isEqualTo("connection_write_timeout");
                assertThat(line.get("failure_detail").asText())
                        .isEqualTo("upstream stopped reading the request body for 300ms (routes[zoo].timeouts.idle)");
                client.socket().close();
                writer.join(5000);
            }
        });
    }

    // ---- TLS towards the upstream ----

    @Test
    void expiredCertificateGives502TlsCertificateError(TestInfo info) throws Throwable {
        tlsZoo(info, certificates().expired, null, 502, "tls_certificate_error", "certificate for localhost expired ");
    }

    @Test
    void untrustedCertificateGives502TlsCertificateError(TestInfo info) throws Throwable {
        tlsZoo(info, certificates().selfSigned, null, 502, "tls_certificate_error", "is not trusted");
    }

    @Test
    void certificateForAnotherHostGives502TlsCertificateError(TestInfo info) throws Throwable {
        tlsZoo(info, certificates().otherHost, null, 502, "tls_certificate_error", "certificate is for other.example");
    }

    @Test
    void alertDuringTheHandshakeGives502TlsAlertReceived(TestInfo info) throws Throwable {
        tlsZoo(info, certificates().valid, certificates().ca, 502, "tls_alert_received", "upstream sent TLS alert");
    }

    @Test
    void plainHttpServerReachedWithTlsGives502TlsProtocolError(TestInfo info) throws Throwable {
        // What a plain HTTP server sends back to a ClientHello: an HTTP error, not a TLS record.
        String upstreamTls = "tls: " + TlsFixture.trustingTestCa();
        run(info, (sb, cb) -> {
            try (MisbehavingUpstream upstream = new MisbehavingUpstream(sb,
                    Misbehaviours.greetsThenCloses("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"))) {
                explained(cb, DnsServerAddressStreamProviders.platformDefault(), upstream.target(), upstreamTls, "",
                        502, "tls_protocol_error", "answered in plain text");
            }
        });
    }

    private void tlsZoo(TestInfo info, X509Bundle presented, X509Bundle requiredClientCa, int status, String failure,
                        String detail) throws Throwable {
        SslContextBuilder server = SslContextBuilder.forServer(presented.getKeyPair().getPrivate(),
                presented.getCertificatePath()).sslProvider(SslProvider.JDK);
        if (requiredClientCa != null) {
            // TLS 1.2: the refusal of a missing client certificate is an alert inside the handshake.
            server.clientAuth(ClientAuth.REQUIRE).trustManager(requiredClientCa.getCertificate()).protocols("TLSv1.2");
        }
        SslContext tls = server.build();
        String upstreamTls = "tls: " + TlsFixture.trustingTestCa();
        run(info, (sb, cb) -> {
            try (MisbehavingUpstream upstream = new MisbehavingUpstream(sb, tls,
                    Misbehaviours.answers("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))) {
                explained(cb, DnsServerAddressStreamProviders.platformDefault(), upstream.target(), upstreamTls, "",
                        status, failure, detail);
            }
        });
    }

    private static TestCertificates certificates() {
        return TlsFixture.certificates();
    }

    // ---- the upstream fails after the response head went out: the client sees a truncated body ----

    @Test
    void truncatedBodyIsCutAndLoggedAsConnectionTerminated(TestInfo info) throws Throwable {
        truncated(info, Misbehaviours.answersThenCloses("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten.."), "",
                "connection_terminated");
    }

    @Test
    void stalledBodyIsCutAndLoggedAsReadTimeout(TestInfo info) throws Throwable {
        truncated(info, Misbehaviours.answersThenStalls("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten.."),
                "    timeouts: { idle: 300ms }\n", "connection_read_timeout");
    }

    @Test
    void brokenChunkingIsCutAndLoggedAsTransferCoding(TestInfo info) throws Throwable {
        // The broken chunk comes after the head went on: the body is cut.
        truncated(info, Misbehaviours.chunkedThen("hello", 150, "ZZ\r\n"), "", "http_response_transfer_coding");
    }

    @Test
    void aSizeLineNettyWouldReadLenientlyIsCutAsTransferCoding(TestInfo info) throws Throwable {
        // Netty's decoder alone would read "5 junk" as 5 and forward the body whole.
        truncated(info, Misbehaviours.chunkedThen("hello", 150, "5 junk\r\nworld\r\n0\r\n\r\n"), "",
                "http_response_transfer_coding");
    }

    @Test
    void chunkingBrokenFromTheStartGives502TransferCoding(TestInfo info) throws Throwable {
        // Broken in the same read as the head: nothing is forwarded, the client gets the page.
        zoo(info, Misbehaviours.answers("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n-3\r\nabc\r\n0\r\n\r\n"), "", 502, "http_response_transfer_coding",
                "upstream sent a broken chunked body: chunk size is not a hex number");
    }

    @Test
    void bodyGrowingPastTheLimitIsCutAndLoggedAsBodySize(TestInfo info) throws Throwable {
        truncated(info, Misbehaviours.chunkedBodyOf(2 * 1024 * 1024), "    limits: { max_response_body_bytes: 1MiB }\n",
                "http_response_body_size");
    }

    // ---- scenario plumbing ----

    private void zoo(TestInfo info, Misbehaviour behaviour, String routeSettings, int status, String failure,
                     String detail) throws Throwable {
        run(info, (sb, cb) -> {
            try (MisbehavingUpstream upstream = new MisbehavingUpstream(sb, behaviour)) {
                explained(cb, upstream.target(), routeSettings, status, failure, detail);
            }
        });
    }

    private void explained(Bootstrap cb, String target, String routeSettings, int status, String failure,
                           String detail) throws Exception {
        explained(cb, DnsServerAddressStreamProviders.platformDefault(), target, routeSettings, status, failure, detail);
    }

    private void explained(Bootstrap cb, DnsServerAddressStreamProvider dns, String target, String routeSettings,
                           int status, String failure, String detail) throws Exception {
        explained(cb, dns, target, "", routeSettings, status, failure, detail);
    }

    private void explained(Bootstrap cb, DnsServerAddressStreamProvider dns, String target, String upstreamSettings,
                           String routeSettings, int status, String failure, String detail) throws Exception {
        Explanation explanation = Explanations.of(Failure.valueOf(failure.toUpperCase(java.util.Locale.ROOT)));
        try (ProxyHarness proxy = proxyFor(cb, dns, target, upstreamSettings, routeSettings)) {
            for (String accept : List.of("text/html,application/xhtml+xml,*/*;q=0.8", "application/problem+json", "*/*")) {
                RawResponse response;
                try (RawHttpClient client = proxy.client()) {
                    response = client.exchange("GET /zoo HTTP/1.1\r\nHost: shop.test\r\nAccept: " + accept + "\r\n\r\n");
                }
                assertThat(response.status()).as(response.statusLine()).isEqualTo(status);
                assertThat(response.header("proxy-status")).startsWith("telltale; error=" + failure + "; details=\"");
                assertThat(response.header("cache-control")).isEqualTo("no-store");
                String id = response.header("x-request-id");
                String body = response.bodyText();
                if (accept.startsWith("text/html")) {
                    assertThat(response.header("content-type")).startsWith("text/html");
                    assertThat(body).contains(id).contains(Html.escape(explanation.title())).doesNotContain("<script");
                } else if (accept.startsWith("application/problem+json")) {
                    assertThat(response.header("content-type")).startsWith("application/problem+json");
                    JsonNode problem = JSON.readTree(body);
                    assertThat(problem.get("status").asInt()).isEqualTo(status);
                    assertThat(problem.get("failure").asText()).isEqualTo(failure);
                    assertThat(problem.get("request_id").asText()).isEqualTo(id);
                    assertThat(problem.get("title").asText()).isEqualTo(explanation.title());
                    assertThat(problem.get("type").asText()).endsWith("/" + failure);
                    assertThat(problem.get("instance").asText()).endsWith(id);
                    assertThat(problem.get("detail").asText()).contains(detail);
                    assertThat(problem.get("next_checks")).isNotEmpty();
                    assertThat(problem.get("retryable").asBoolean()).isEqualTo(status == 503 || "connection_refused".equals(failure));
                    assertThat(problem.has("phase")).isTrue();
                    assertThat(problem.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
                } else {
                    assertThat(response.header("content-type")).startsWith("text/plain");
                    assertThat(body).contains(id).contains(failure);
                }
                JsonNode line = proxy.log().awaitEntries(1, WAIT).stream()
                        .filter(l -> l.get("request_id").asText().equals(id)).findFirst().orElseThrow();
                assertThat(line.get("status").asInt()).isEqualTo(status);
                assertThat(line.get("failure").asText()).isEqualTo(failure);
                assertThat(line.get("origin").asText()).isEqualTo("proxy");
                assertThat(line.get("failure_detail").asText()).contains(detail);
                assertThat(proxy.incidents().find(id)).hasValueSatisfying(incident -> {
                    assertThat(incident.failure().wireName()).isEqualTo(failure);
                    assertThat(incident.detail()).contains(detail);
                });
            }
        }
    }

    private void truncated(TestInfo info, Misbehaviour behaviour, String routeSettings, String failure)
            throws Throwable {
        run(info, (sb, cb) -> {
            try (MisbehavingUpstream upstream = new MisbehavingUpstream(sb, behaviour);
                 ProxyHarness proxy = proxyFor(cb, DnsServerAddressStreamProviders.platformDefault(),
                         upstream.target(), routeSettings);
                 RawHttpClient client = proxy.client()) {
                client.send(GET);
                String head = new String(client.input().readNBytes(12));
                assertThat(head).isEqualTo("HTTP/1.1 200");
                // The rest arrives, then the connection closes before the declared end.
                byte[] rest = client.input().readAllBytes();
                assertThat(new String(rest)).doesNotEndWith("0\r\n\r\n");
                JsonNode line = proxy.log().awaitFirstEntry(WAIT);
                assertThat(proxy.incidents().find(line.get("request_id").asText())).isPresent();
                assertThat(line.get("status").asInt()).isEqualTo(200);
                assertThat(line.get("upstream_status").asInt()).isEqualTo(200);
                assertThat(line.get("failure").asText()).isEqualTo(failure);
                assertThat(line.get("origin").asText()).isEqualTo("proxy");
            }
        });
    }

    private static ProxyHarness proxyFor(Bootstrap cb, DnsServerAddressStreamProvider dns, String target,
                                         String routeSettings) throws Exception {
        return proxyFor(cb, dns, target, "", routeSettings);
    }

    private static ProxyHarness proxyFor(Bootstrap cb, DnsServerAddressStreamProvider dns, String target,
                                         String upstreamSettings, String routeSettings) throws Exception {
        ByteBufAllocator allocator = (ByteBufAllocator) cb.config().options().get(ChannelOption.ALLOCATOR);
        ProxyServer.Options options = new ProxyServer.Options(TelltaleSocketPermutation.transportOf(cb), 1, dns,
                allocator);
        return ProxyHarness.startWhole(options, """
                listen: { address: 127.0.0.1, port: 0 }
                upstreams:
                  app: { targets: ["%s"], %s }
                routes:
                  - name: zoo
                    match: { path_prefix: / }
                    upstream: app
                %s""".formatted(target, upstreamSettings.isEmpty() ? "balance: round_robin" : upstreamSettings,
                        routeSettings));
    }

    /** Fills the accept queue of a listener that never accepts, so that the next connect hangs. */
    private static List<SocketChannel> fillAcceptQueue(int port) throws Exception {
        List<SocketChannel> channels = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.connect(new InetSocketAddress("127.0.0.1", port));
            channels.add(channel);
        }
        Thread.sleep(100);
        return channels;
    }
}
