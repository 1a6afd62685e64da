package dev.telltale.proxy;

import dev.telltale.accesslog.CapturedLines;
import dev.telltale.config.ConfigLoader;
import dev.telltale.config.ProxyConfig;
import dev.telltale.diagnostics.IncidentStore;
import dev.telltale.upstream.ConnectionPools;
import dev.telltale.upstream.Resolvers;
import dev.telltale.upstream.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.MultiThreadIoEventLoopGroup;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The client pipeline alone (EmbeddedChannel): requests the proxy answers without any upstream. */
class ClientPipelineTest {

    @TempDir
    Path dir;
    private final CapturedLines log = new CapturedLines();
    private MultiThreadIoEventLoopGroup group;
    private AddressResolverGroup<InetSocketAddress> resolvers;
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() throws Exception {
        Path file = dir.resolve("proxy.yaml");
        Files.writeString(file, """
                listen: { address: 127.0.0.1, port: 0, max_request_header_bytes: 1KiB, max_request_body_bytes: 10 }
                upstreams:
                  app: { targets: ["127.0.0.1:9"] }
                routes:
                  - { name: api, match: { path_prefix: /api }, upstream: app }
                """);
        ProxyConfig config = new ConfigLoader(Map.of()).load(file);
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        resolvers = Resolvers.create(Transport.nio());
        ProxyRuntime runtime = new ProxyRuntime(config, new ConnectionPools(group, Transport.nio(), resolvers),
                log.accessLog(), new IncidentStore(config.incidents()));
        channel = new EmbeddedChannel(new ClientChannelInitializer(() -> runtime, new Drain(), new ConnectionLimit(), null));
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
        resolvers.close();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private String respond(String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            // Header names are case-insensitive; compare them in lower case.
            out.append(buf.toString(StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT));
            buf.release();
        }
        return out.toString();
    }

    @Test
    void unmatchedPathGets404AndTheConnectionStaysOpen() {
        String response = respond("GET /nope HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(response).startsWith("http/1.1 404 not found\r\n")
                .contains("proxy-status: telltale; error=destination_not_found;")
                .contains("cache-control: no-store");
        assertThat(channel.isOpen()).isTrue();
        assertThat(log.awaitFirstEntry(Duration.ofSeconds(5)).get("failure").asText())
                .isEqualTo("destination_not_found");
    }

    @Test
    void malformedRequestGets400AndClose() {
        String response = respond("GET /api HTTP/1.1\r\nHost a\r\n\r\n");
        assertThat(response).startsWith("http/1.1 400 bad request\r\n").contains("connection: close");
        assertThat(channel.isOpen()).isFalse();
        assertThat(log.awaitFirstEntry(Duration.ofSeconds(5)).get("failure").asText()).isEqualTo("http_request_error");
    }

    @Test
    void http11WithoutHostGets400() {
        assertThat(respond("GET /api HTTP/1.1\r\n\r\n")).startsWith("http/1.1 400 bad request\r\n");
    }

    @Test
    void oversizedHeadGets431() {
        String response = respond("GET /api HTTP/1.1\r\nHost: a\r\nX-Big: " + "b".repeat(2000) + "\r\n\r\n");
        assertThat(response).startsWith("http/1.1 431 ");
    }

    @Test
    void declaredBodyOverTheLimitGets413BeforeAnyUpstreamIsContacted() {
        String response = respond("POST /api HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n");
        assertThat(response).startsWith("http/1.1 413 ");
        assertThat(log.awaitFirstEntry(Duration.ofSeconds(5)).get("target").isNull()).isTrue();
    }
}
