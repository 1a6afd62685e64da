package dev.telltale.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.GrpcEcho;
import dev.telltale.testing.Ports;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.zoo.MisbehavingUpstream;
import dev.telltale.zoo.Misbehaviours;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A real gRPC client (grpc-java) through the proxy over h2c, where the proxy must answer itself:
 * the client reads the proxy's error as a gRPC status it can act on (never a page), with the
 * failure and the request ID in its message and Proxy-Status in its trailers, and the log line
 * has the same request ID.
 */
@Tag("socket")
class GrpcErrorsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final EventLoopGroup ZOO = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private static final Metadata.Key<String> PROXY_STATUS = Metadata.Key.of("proxy-status",
            Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of("x-request-id",
            Metadata.ASCII_STRING_MARSHALLER);

    @AfterAll
    static void stopZoo() {
        ZOO.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static ProxyHarness h2cProxy(String routes) throws Exception {
        return ProxyHarness.startH2c(routes);
    }

    /** The call's failure, as the gRPC client reports it. */
    private static StatusRuntimeException call(ProxyHarness proxy) {
        ManagedChannel channel = GrpcEcho.channelTo(proxy.port());
        try {
            return catchThrowableOfType(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(channel, GrpcEcho.SAY,
                    CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS),
                    "hello".getBytes(StandardCharsets.UTF_8)));
        } finally {
            channel.shutdownNow();
        }
    }

    private static void assertExplained(StatusRuntimeException failure, Status.Code code, String failureName,
                                        ProxyHarness proxy) throws Exception {
        assertThat(failure).as("the call failed").isNotNull();
        assertThat(failure.getStatus().getCode()).isEqualTo(code);
        String requestId = failure.getTrailers().get(REQUEST_ID);
        assertThat(failure.getStatus().getDescription()).startsWith(failureName + ": ").contains(requestId);
        assertThat(failure.getTrailers().get(PROXY_STATUS)).contains("error=" + failureName);
        JsonNode line = proxy.log().awaitEntries(1, WAIT).get(0);
        assertThat(line.get("request_id").asText()).isEqualTo(requestId);
        assertThat(line.get("failure").asText()).isEqualTo(failureName);
        assertThat(line.get("protocol").asText()).isEqualTo("HTTP/2");
        assertThat(line.get("grpc_status").asInt()).isEqualTo(code.value());
    }

    @Test
    void aRefusedUpstreamIsUnavailableTheRequestWasNotProcessed() throws Exception {
        try (ProxyHarness proxy = h2cProxy("""
                upstreams:
                  app: { targets: [ "127.0.0.1:%d" ] }
                routes:
                  - { name: grpc, match: { path_prefix: / }, upstream: app, retry: { attempts: 1 } }
                """.formatted(Ports.closed()))) {
            assertExplained(call(proxy), Status.Code.UNAVAILABLE, "connection_refused", proxy);
        }
    }

    @Test
    void noRouteIsUnimplemented() throws Exception {
        try (ProxyHarness proxy = h2cProxy("""
                upstreams:
                  app: { targets: [ "127.0.0.1:%d" ] }
                routes:
                  - { name: web, match: { path_prefix: /web/ }, upstream: app }
                """.formatted(Ports.closed()))) {
            assertExplained(call(proxy), Status.Code.UNIMPLEMENTED, "destination_not_found", proxy);
        }
    }

    @Test
    void anUpstreamThatNeverAnswersIsDeadlineExceededNotUnavailable() throws Exception {
        ServerBootstrap bootstrap = new ServerBootstrap().group(ZOO).channel(NioServerSocketChannel.class);
        try (MisbehavingUpstream silent = new MisbehavingUpstream(bootstrap, Misbehaviours.silent());
             ProxyHarness proxy = h2cProxy("""
                upstreams:
                  app: { targets: [ "%s" ] }
                routes:
                  - name: grpc
                    match: { path_prefix: / }
                    upstream: app
                    timeouts: { response_header: 300ms }
                """.formatted(silent.target()))) {
            assertExplained(call(proxy), Status.Code.DEADLINE_EXCEEDED, "http_response_timeout", proxy);
        }
    }
}
