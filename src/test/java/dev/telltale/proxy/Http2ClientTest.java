package dev.telltale.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.Curl;
import dev.telltale.testing.H2load;
import dev.telltale.testing.Ports;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawH2Client;
import dev.telltale.testing.RecordingUpstream;
import dev.telltale.testing.TlsFixture;
import dev.telltale.upstream.Transport;
import dev.telltale.zoo.MisbehavingUpstream;
import dev.telltale.zoo.Misbehaviours;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP/2 from real clients (curl, over TLS by ALPN and as h2c with prior knowledge): each stream is
 * one exchange, routed, forwarded, logged and, when the upstream fails, answered with the same page,
 * Proxy-Status and request ID as over HTTP/1.1.
 */
@Tag("socket")
class Http2ClientTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final EventLoopGroup ZOO = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterAll
    static void stopZoo() {
        ZOO.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @TempDir
    Path dir;

    private ProxyHarness tlsProxy(String target, String http2) throws Exception {
        X509Bundle server = TlsFixture.certificates().valid;
        Path cert = Files.writeString(dir.resolve("tls.crt"), server.getCertificatePEM());
        Path key = Files.writeString(dir.resolve("tls.key"), server.getPrivateKeyPEM());
        return ProxyHarness.startWhole(Transport.best(), """
                listen:
                  address: 127.0.0.1
                  port: 0
                  tls: { cert: "%s", key: "%s" }
                  http2: %s
                upstreams:
                  app: { targets: [ "%s" ] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app }
                """.formatted(cert, key, http2, target));
    }

    private static ProxyHarness h2cProxy(String target) throws Exception {
        return ProxyHarness.startH2c("""
                upstreams:
                  app: { targets: [ "%s" ] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app, retry: { attempts: 1 } }
                """.formatted(target));
    }

    private Path caFile() throws Exception {
        return Files.writeString(dir.resolve("ca.crt"), TlsFixture.certificates().ca.getCertificatePEM());
    }

    @Test
    void curlOverTlsSpeaksHttp2AndIsForwarded() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = tlsProxy(app.target(), "{ tls: true }")) {
            String url = "https://127.0.0.1:" + proxy.port();
            Curl.Result get = Curl.run("--http2", "--cacert", caFile().toString(), url + "/page?q=1",
                    "-H", "Cookie: a=1", "-H", "Cookie: b=2");
            assertThat(get.httpVersion()).isEqualTo("2");
            assertThat(get.status()).isEqualTo(200);
            assertThat(get.body()).isEqualTo("app:/page?q=1");
            assertThat(get.header("x-upstream")).isEqualTo("app");
            assertThat(get.header("x-upstream-hop")).as("hop-by-hop, named by the upstream's Connection").isNull();
            assertThat(get.header("x-request-id")).isNotBlank();
            RecordingUpstream.Received seen = app.last();
            assertThat(seen.header("host")).isEqualTo("127.0.0.1:" + proxy.port());
            assertThat(seen.header("cookie")).as("HTTP/2's cookie fields, joined for HTTP/1.1").isEqualTo("a=1; b=2");
            assertThat(seen.header("x-forwarded-proto")).isEqualTo("https");

            Curl.Result post = Curl.run("--http2", "--cacert", caFile().toString(), url + "/echo",
                    "--data-binary", "hello over h2");
            assertThat(post.httpVersion()).isEqualTo("2");
            assertThat(post.body()).isEqualTo("hello over h2");
            Curl.Result chunked = Curl.run("--http2", "--cacert", caFile().toString(), url + "/chunked");
            assertThat(chunked.body()).isEqualTo("chunked answer from app");
            Curl.Result head = Curl.run("--http2", "--cacert", caFile().toString(), "-I", url + "/page");
            assertThat(head.status()).isEqualTo(200);

            List<JsonNode> lines = proxy.log().awaitEntries(4, WAIT);
            assertThat(lines).extracting(line -> line.get("status").asInt()).containsOnly(200);
            assertThat(lines.get(0).get("request_id").asText()).isEqualTo(get.header("x-request-id"));
            assertThat(lines).extracting(line -> line.get("protocol").asText()).containsOnly("HTTP/2");
        }
    }

    @Test
    void whereHttp2IsOffTheTlsListenerSaysHttp11ByAlpn() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = tlsProxy(app.target(), "{ tls: false }")) {
            Curl.Result get = Curl.run("--http2", "--cacert", caFile().toString(),
                    "https://127.0.0.1:" + proxy.port() + "/page");
            assertThat(get.httpVersion()).isEqualTo("1.1");
            assertThat(get.status()).isEqualTo(200);
        }
    }

    @Test
    void theRequestIdIsNeverAddedToTheClientsHpackTableWhileOtherFieldsAre() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = h2cProxy(app.target());
             RawH2Client client = new RawH2Client(proxy.port())) {
            for (int stream = 1; stream <= 3; stream += 2) {
                client.get(stream, "/page");
                client.flush();
                int id = stream;
                List<RawH2Client.Frame> frames = client.readUntil(frame -> frame.stream() == id
                        && frame.type() == RawH2Client.HEADERS, 5_000);
                RawH2Client.Frame head = frames.get(frames.size() - 1);
                assertThat(head.type()).isEqualTo(RawH2Client.HEADERS);
                List<String> names = List.copyOf(head.fields().keySet());
                List<String> kinds = RawH2Client.representations(head.payload());
                assertThat(kinds).hasSameSizeAs(names);
                assertThat(kinds.get(names.indexOf("x-request-id"))).as("stream %d", stream).isEqualTo("never");
                if (stream == 1) {
                    assertThat(kinds.get(names.indexOf("x-upstream"))).isEqualTo("incremental");
                } else {
                    assertThat(kinds.get(names.indexOf("x-upstream"))).as("found in the table").isEqualTo("indexed");
                }
            }
            // The client's address, written once for the connection, is each stream's.
            assertThat(app.received()).hasSize(2)
                    .allSatisfy(request -> assertThat(request.header("x-forwarded-for")).isEqualTo("127.0.0.1"));
            assertThat(proxy.log().awaitEntries(2, WAIT)).extracting(line -> line.get("client").asText())
                    .containsExactly("127.0.0.1", "127.0.0.1");
        }
    }

    @Test
    void h2cWithPriorKnowledgeAndHttp11ShareThePlainPort() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = h2cProxy(app.target())) {
            String url = "http://127.0.0.1:" + proxy.port() + "/page";
            Curl.Result h2 = Curl.run("--http2-prior-knowledge", url);
            assertThat(h2.httpVersion()).isEqualTo("2");
            assertThat(h2.body()).isEqualTo("app:/page");
            assertThat(app.last().header("x-forwarded-proto")).isEqualTo("http");
            Curl.Result h1 = Curl.run("--http1.1", url);
            assertThat(h1.httpVersion()).isEqualTo("1.1");
            assertThat(h1.body()).isEqualTo("app:/page");
            assertThat(proxy.log().awaitEntries(2, WAIT)).extracting(line -> line.get("protocol").asText())
                    .containsExactly("HTTP/2", "HTTP/1.1");
        }
    }

    @Test
    void aRefusedUpstreamGetsTheSamePageHeaderAndLogLineOverHttp2() throws Exception {
        try (ProxyHarness proxy = h2cProxy("127.0.0.1:" + Ports.closed())) {
            Curl.Result page = Curl.run("--http2-prior-knowledge", "-H", "Accept: text/html",
                    "http://127.0.0.1:" + proxy.port() + "/checkout");
            assertThat(page.httpVersion()).isEqualTo("2");
            assertThat(page.status()).isEqualTo(502);
            assertThat(page.header("proxy-status")).contains("error=connection_refused");
            assertThat(page.header("content-type")).startsWith("text/html");
            assertThat(page.header("connection")).isNull();
            String requestId = page.header("x-request-id");
            assertThat(page.body()).contains("connection_refused").contains(requestId);
            JsonNode line = proxy.log().awaitEntries(1, WAIT).get(0);
            assertThat(line.get("status").asInt()).isEqualTo(502);
            assertThat(line.get("failure").asText()).isEqualTo("connection_refused");
            assertThat(line.get("request_id").asText()).isEqualTo(requestId);
        }
    }

    @Test
    void aHeadOverTheLimitGets431FromTheSameReader() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = h2cProxy(app.target())) {
            Curl.Result big = Curl.run("--http2-prior-knowledge", "-H", "X-Big: " + "a".repeat(20_000),
                    "http://127.0.0.1:" + proxy.port() + "/page");
            assertThat(big.httpVersion()).isEqualTo("2");
            assertThat(big.status()).isEqualTo(431);
            assertThat(big.header("proxy-status")).isNotNull();
            assertThat(app.received()).isEmpty();
            assertThat(proxy.log().awaitEntries(1, WAIT).get(0).get("status").asInt()).isEqualTo(431);
            // Past twice the limit, the codec refuses the list before decoding it whole.
            Curl.Result huge = Curl.run("--http2-prior-knowledge", "-H", "X-Big: " + "a".repeat(40_000),
                    "http://127.0.0.1:" + proxy.port() + "/page");
            assertThat(huge.status()).isEqualTo(431);
            assertThat(app.received()).isEmpty();
        }
    }

    @Test
    void streamsLargerThanTheirWindowShareTheConnectionAndAllArriveWhole() throws Exception {
        int size = 1 << 20; // sixteen times a stream's initial window: the client's WINDOW_UPDATEs pace each,
        // and four streams on one connection share its window
        ServerBootstrap bootstrap = new ServerBootstrap().group(ZOO).channel(NioServerSocketChannel.class);
        try (MisbehavingUpstream app = new MisbehavingUpstream(bootstrap, Misbehaviours.answers(
                "HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n" + "b".repeat(size)));
             ProxyHarness proxy = h2cProxy(app.target())) {
            H2load.Result run = H2load.oneConnection("http://127.0.0.1:" + proxy.port() + "/big", 4);
            assertThat(run.succeeded()).as(run.output()).isEqualTo(4);
            assertThat(run.dataBytes()).as(run.output()).isEqualTo(4L * size);
        }
    }

    @Test
    void aStreamThatExpectsContinueHearsItAsAnInterimHeadersFrame() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = h2cProxy(app.target());
             RawH2Client client = new RawH2Client(proxy.port())) {
            client.headers(1, false, ":method", "POST", ":scheme", "http", ":authority", "a", ":path", "/echo",
                    "content-length", "4", "expect", "100-continue");
            client.flush();
            List<RawH2Client.Frame> interim = client.readUntil(frame -> frame.stream() == 1, 5_000);
            assertThat(interim).last().satisfies(head -> {
                assertThat(head.type()).isEqualTo(RawH2Client.HEADERS);
                assertThat(head.fields()).containsEntry(":status", "100");
                assertThat(head.endStream()).isFalse();
            });
            client.data(1, true, "ping".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            client.flush();
            List<RawH2Client.Frame> answer = client.readUntil(frame -> frame.stream() == 1 && frame.endStream(), 5_000)
                    .stream().filter(frame -> frame.stream() == 1).toList();
            assertThat(answer).first().satisfies(head -> assertThat(head.fields()).containsEntry(":status", "200"));
            assertThat(answer).last().satisfies(end -> assertThat(end.endStream()).isTrue());
            assertThat(answer).filteredOn(frame -> frame.type() == RawH2Client.DATA)
                    .extracting(frame -> new String(frame.payload(), java.nio.charset.StandardCharsets.US_ASCII))
                    .containsExactly("ping");
            assertThat(app.last().header("expect")).as("the proxy answered the expectation itself").isNull();
        }
    }

    @Test
    void trailersOfAChunkedUpstreamAnswerEndTheStream() throws Exception {
        ServerBootstrap bootstrap = new ServerBootstrap().group(ZOO).channel(NioServerSocketChannel.class);
        try (MisbehavingUpstream app = new MisbehavingUpstream(bootstrap, Misbehaviours.answers(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: grpc-status\r\n\r\n"
                        + "5\r\nhello\r\n0\r\ngrpc-status: 0\r\nX-Done: yes\r\n\r\n"));
             ProxyHarness proxy = h2cProxy(app.target());
             RawH2Client client = new RawH2Client(proxy.port())) {
            client.get(1, "/stream");
            client.flush();
            List<RawH2Client.Frame> frames = client.readUntilGoAwayOrClose(1_500);
            List<RawH2Client.Frame> stream = frames.stream().filter(frame -> frame.stream() == 1).toList();
            assertThat(stream).extracting(RawH2Client.Frame::type)
                    .containsExactly(RawH2Client.HEADERS, RawH2Client.DATA, RawH2Client.HEADERS);
            assertThat(stream.get(0).fields()).containsEntry(":status", "200").doesNotContainKey("transfer-encoding");
            assertThat(new String(stream.get(1).payload(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(stream.get(2).endStream()).isTrue();
            assertThat(stream.get(2).fields()).containsEntry("grpc-status", "0").containsEntry("x-done", "yes");
        }
    }

    @Test
    void drainingAnswersARequestHeldOnAStreamAtOnce() throws Exception {
        try (ProxyHarness proxy = ProxyHarness.startH2c("""
                upstreams:
                  app: { targets: [ "127.0.0.1:%d" ] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app, retry: { hold: 60s } }
                """.formatted(Ports.closed()))) {
            CompletableFuture<Curl.Result> held = CompletableFuture.supplyAsync(() -> {
                try {
                    return Curl.run("--http2-prior-knowledge", "http://127.0.0.1:" + proxy.port() + "/held");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (proxy.server().runtime().upstreams().get("app").hold().held() != 1) {
                assertThat(System.nanoTime() - deadline).as("waiting for the held request").isNegative();
                Thread.sleep(10);
            }
            assertThat(proxy.server().drain(Duration.ofSeconds(30))).as("nothing left in flight").isTrue();
            Curl.Result answer = held.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(answer.httpVersion()).isEqualTo("2");
            assertThat(answer.status()).isEqualTo(502);
            assertThat(answer.body()).contains("the proxy is shutting down");
        }
    }

    @Test
    void anIdleConnectionIsClosedWithGoAway() throws Exception {
        try (RecordingUpstream app = new RecordingUpstream("app");
             ProxyHarness proxy = ProxyHarness.startWhole(Transport.best(), """
                     listen:
                       address: 127.0.0.1
                       port: 0
                       keepalive_timeout: 300ms
                       http2: { cleartext: true }
                     upstreams:
                       app: { targets: [ "%s" ] }
                     routes:
                       - { name: web, match: { path_prefix: / }, upstream: app }
                     """.formatted(app.target()));
             RawH2Client client = new RawH2Client(proxy.port())) {
            client.get(1, "/first");
            client.flush();
            List<RawH2Client.Frame> frames = client.readUntilGoAwayOrClose(5_000);
            assertThat(frames).filteredOn(frame -> frame.type() == RawH2Client.HEADERS && frame.stream() == 1)
                    .as("the answer to the one request").hasSize(1);
            assertThat(frames).last().satisfies(goAway -> {
                assertThat(goAway.type()).isEqualTo(RawH2Client.GOAWAY);
                assertThat(goAway.errorCode()).as("NO_ERROR").isZero();
            });
        }
    }
}
