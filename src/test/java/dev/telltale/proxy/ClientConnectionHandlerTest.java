package dev.telltale.proxy;

import dev.telltale.accesslog.CapturedLines;
import dev.telltale.config.ConfigLoader;
import dev.telltale.config.ProxyConfig;
import dev.telltale.diagnostics.IncidentStore;
import dev.telltale.upstream.ConnectionPools;
import dev.telltale.upstream.Resolvers;
import dev.telltale.upstream.Transport;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.resolver.AddressResolverGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy stage in its pipeline, on an EmbeddedChannel: requests in order, the proxy's own
 * answers, and the clocks of the connection, run on the channel's ticker.
 */
class ClientConnectionHandlerTest {

    @TempDir
    Path dir;
    private final CapturedLines log = new CapturedLines();
    private MultiThreadIoEventLoopGroup group;
    private AddressResolverGroup<InetSocketAddress> resolvers;
    private ProxyRuntime runtime;
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() throws Exception {
        Path file = dir.resolve("proxy.yaml");
        Files.writeString(file, """
                listen: { address: 127.0.0.1, port: 0, max_connections: 1, client_header_timeout: 2s,
                          keepalive_timeout: 60s, max_request_body_bytes: 10 }
                upstreams:
                  app: { targets: ["127.0.0.1:9"] }
                routes:
                  - { name: api, match: { path_prefix: /api }, upstream: app, retry: { hold: 0 } }
                """);
        ProxyConfig config = new ConfigLoader(Map.of()).load(file);
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        resolvers = Resolvers.create(Transport.nio());
        runtime = new ProxyRuntime(config, new ConnectionPools(group, Transport.nio(), resolvers),
                log.accessLog(), new IncidentStore(config.incidents()));
        channel = connect(new ConnectionLimit());
    }

    private EmbeddedChannel connect(ConnectionLimit limit) {
        return new EmbeddedChannel(new ClientChannelInitializer(() -> runtime, new Drain(), limit, null));
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
        resolvers.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static String send(EmbeddedChannel channel, String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
        return answered(channel);
    }

    private static String answered(EmbeddedChannel channel) {
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.append(buf.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
            buf.release();
        }
        return out.toString();
    }

    private static List<String> statusLines(String answers) {
        return answers.lines().filter(line -> line.startsWith("http/1.1 ")).toList();
    }

    @Test
    void pipelinedRequestsAreAnsweredInTheOrderTheyCame() {
        String answers = send(channel, "GET /nope HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /other HTTP/1.1\r\nHost: b\r\n\r\n"
                + "GET /last HTTP/1.1\r\nHost: c\r\n\r\n");

        assertThat(statusLines(answers)).containsExactly("http/1.1 404 not found", "http/1.1 404 not found",
                "http/1.1 404 not found");
        assertThat(channel.isOpen()).isTrue();
        List<JsonNode> entries = log.awaitEntries(3, Duration.ofSeconds(5));
        assertThat(entries).extracting(entry -> entry.get("path").asText())
                .containsExactly("/nope", "/other", "/last");
    }

    /** A refusal that closes ends the connection there: a request pipelined behind it is not answered. */
    @Test
    void anEarlyRefusalThatClosesAnswersOnlyItsOwnRequest() {
        String answers = send(channel, "POST /api HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n");

        assertThat(answers).startsWith("http/1.1 413 ").contains("connection: close")
                .contains("proxy-status: telltale; error=http_request_body_size");
        assertThat(channel.isOpen()).isFalse();
        assertThat(log.awaitFirstEntry(Duration.ofSeconds(5)).get("failure").asText())
                .isEqualTo("http_request_body_size");
    }

    @Test
    void aConnectionOverTheLimitIsAnswered503AndClosed() {
        ConnectionLimit limit = new ConnectionLimit();
        EmbeddedChannel first = connect(limit);
        EmbeddedChannel second = connect(limit);
        try {
            String answer = send(second, "GET /api HTTP/1.1\r\nHost: a\r\n\r\n");

            assertThat(answer).startsWith("http/1.1 503 ")
                    .contains("proxy-status: telltale; error=client_connection_limit_reached")
                    .contains("connection: close");
            assertThat(second.isOpen()).isFalse();
            assertThat(log.awaitFirstEntry(Duration.ofSeconds(5)).get("failure").asText())
                    .isEqualTo("client_connection_limit_reached");
        } finally {
            first.finishAndReleaseAll();
            second.finishAndReleaseAll();
        }
    }

    @Test
    void aHeadBegunButNotCompleteIsAnswered408WhenItsClockRunsOut() {
        assertThat(send(channel, "GET /api/two HTTP/1.1\r\nHo")).isEmpty();
        channel.advanceTimeBy(3, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();

        assertThat(answered(channel)).startsWith("http/1.1 408 ").contains("connection: close");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anIdleConnectionClosesWhenItsKeepaliveRunsOutAfterTheAnswer() {
        assertThat(send(channel, "GET /nope HTTP/1.1\r\nHost: a\r\n\r\n")).startsWith("http/1.1 404 ");

        channel.advanceTimeBy(59, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        channel.advanceTimeBy(2, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isFalse();
        assertThat(answered(channel)).isEmpty();
    }
}
