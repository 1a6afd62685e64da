package dev.telltale.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.Curl;
import dev.telltale.testing.Ports;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.zoo.Misbehaviour;
import dev.telltale.zoo.MisbehavingUpstream;
import dev.telltale.zoo.Misbehaviours;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault zoo again, asked by an HTTP/1.1 client and by an HTTP/2 one (curl, h2c) in turn: the
 * same upstream failure gives the same status, the same Proxy-Status, the same page and the same
 * failure and detail in the log line, whichever protocol the client spoke.
 */
@Tag("socket")
class Http2FaultZooTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final EventLoopGroup ZOO = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterAll
    static void stopZoo() {
        ZOO.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("connection_refused", null, "", 502),
                Arguments.of("connection_terminated", Misbehaviours.resetsAfterRequest(), "", 502),
                Arguments.of("connection_terminated", Misbehaviours.closesBeforeAnyByte(), "", 502),
                Arguments.of("http_response_timeout", Misbehaviours.silent(), ", timeouts: { response_header: 300ms }",
                        504),
                Arguments.of("http_response_header_section_size", Misbehaviours.hugeHead(64 * 1024), "", 502),
                Arguments.of("http_protocol_error", Misbehaviours.answersLikeSsh(), "", 502),
                Arguments.of("http_response_incomplete", Misbehaviours.closesInTheMiddleOfTheHead(), "", 502),
                Arguments.of("http_response_transfer_coding", Misbehaviours.answers(
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n-3\r\nabc\r\n0\r\n\r\n"), "",
                        502),
                Arguments.of("destination_not_found", null, "no-route", 404));
    }

    @ParameterizedTest(name = "{0} ({index})")
    @MethodSource("failures")
    void theSameFailureLooksTheSameOverHttp11AndHttp2(String failure, Misbehaviour behaviour, String routeExtras,
                                                      int status) throws Exception {
        MisbehavingUpstream upstream = behaviour == null ? null
                : new MisbehavingUpstream(new ServerBootstrap().group(ZOO).channel(NioServerSocketChannel.class),
                        behaviour);
        String target = upstream == null ? "127.0.0.1:" + Ports.closed() : upstream.target();
        String prefix = routeExtras.equals("no-route") ? "/elsewhere/" : "/";
        String extras = routeExtras.equals("no-route") ? "" : routeExtras;
        try (ProxyHarness proxy = ProxyHarness.startH2c("""
                upstreams:
                  app: { targets: [ "%s" ] }
                routes:
                  - { name: web, match: { path_prefix: %s }, upstream: app, retry: { attempts: 1 }%s }
                """.formatted(target, prefix, extras))) {
            RawResponse http1;
            try (RawHttpClient client = proxy.client()) {
                http1 = client.exchange("GET /checkout HTTP/1.1\r\nHost: a\r\nAccept: text/html\r\n\r\n");
            }
            Curl.Result http2 = Curl.run("--http2-prior-knowledge", "-H", "Accept: text/html", "-H", "Host: a",
                    "http://127.0.0.1:" + proxy.port() + "/checkout");

            assertThat(http2.httpVersion()).isEqualTo("2");
            assertThat(http1.status()).isEqualTo(status);
            assertThat(http2.status()).isEqualTo(status);
            assertThat(http2.header("proxy-status")).contains("error=" + failure)
                    .isEqualTo(http1.header("proxy-status"));
            assertThat(http2.header("content-type")).isEqualTo(http1.header("content-type"));
            String title = http1.bodyText().replaceAll("(?s).*<h1[^>]*>(.*?)</h1>.*", "$1");
            assertThat(http2.body()).contains(title).contains(http2.header("x-request-id"));

            List<JsonNode> lines = proxy.log().awaitEntries(2, WAIT);
            assertThat(lines).extracting(line -> line.get("failure").asText()).containsOnly(failure);
            assertThat(lines.get(1).get("failure_detail").asText()).isEqualTo(lines.get(0).get("failure_detail").asText());
            assertThat(lines).extracting(line -> line.get("protocol").asText()).containsExactly("HTTP/1.1", "HTTP/2");
        } finally {
            if (upstream != null) {
                upstream.close();
            }
        }
    }
}
