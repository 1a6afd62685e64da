package dev.telltale.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.GrpcEcho;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.TlsFixture;
import dev.telltale.testing.TlsOkUpstream;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.telltale.testing.GrpcEcho.bytes;
import static dev.telltale.testing.GrpcEcho.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A real gRPC service (grpc-java) behind the proxy over h2c, and a real gRPC client in front:
 * unary, server-streaming and bidirectional calls go through whole, trailers and all, and a status
 * the service itself sends reaches the client as it was sent.
 */
@Tag("socket")
class GrpcProxyTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    static ProxyHarness proxyFor(String target, String routeExtras) throws Exception {
        return ProxyHarness.startH2c("""
                upstreams:
                  app: { targets: [ "%s" ], protocol: h2c }
                routes:
                  - { name: grpc, match: { path_prefix: / }, upstream: app%s }
                """.formatted(target, routeExtras));
    }

    private static CallOptions deadline() {
        return CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    @Test
    void unaryServerStreamingAndBidirectionalCallsGoThrough() throws Exception {
        try (GrpcEcho service = GrpcEcho.start(0);
             ProxyHarness proxy = proxyFor(service.target(), "")) {
            ManagedChannel channel = GrpcEcho.channelTo(proxy.port());
            try {
                byte[] reply = ClientCalls.blockingUnaryCall(channel, GrpcEcho.SAY, deadline(), bytes("proxy"));
                assertThat(text(reply)).isEqualTo("hello, proxy");

                List<String> counted = new ArrayList<>();
                Iterator<byte[]> stream = ClientCalls.blockingServerStreamingCall(channel, GrpcEcho.COUNT, deadline(),
                        bytes("5"));
                stream.forEachRemaining(message -> counted.add(text(message)));
                assertThat(counted).containsExactly("1", "2", "3", "4", "5");

                List<String> echoes = new CopyOnWriteArrayList<>();
                CompletableFuture<Void> done = new CompletableFuture<>();
                ClientCall<byte[], byte[]> call = channel.newCall(GrpcEcho.CHAT, deadline());
                StreamObserver<byte[]> requests = ClientCalls.asyncBidiStreamingCall(call, new StreamObserver<>() {
                    @Override
                    public void onNext(byte[] message) {
                        echoes.add(text(message));
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(null);
                    }
                });
                for (String word : List.of("one", "two", "three")) {
                    requests.onNext(bytes(word));
                }
                requests.onCompleted();
                done.get(10, TimeUnit.SECONDS);
                assertThat(echoes).containsExactly("echo one", "echo two", "echo three");
            } finally {
                channel.shutdownNow();
            }
            List<JsonNode> lines = proxy.log().awaitEntries(3, WAIT);
            assertThat(lines).extracting(line -> line.get("status").asInt()).containsOnly(200);
            assertThat(lines).extracting(line -> line.get("origin").asText()).containsOnly("upstream");
            assertThat(lines).extracting(line -> line.get("grpc_status").asInt()).as("from the app's trailers")
                    .containsOnly(0);
        }
    }

    @Test
    void aServiceOverTlsIsReachedAsH2AgreedByAlpn(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), TlsFixture.certificates().ca.getCertificatePEM());
        try (GrpcEcho service = GrpcEcho.startTls(TlsFixture.certificates().valid);
             ProxyHarness proxy = tlsProxyFor(service.target(), ca)) {
            ManagedChannel channel = GrpcEcho.channelTo(proxy.port());
            try {
                byte[] reply = ClientCalls.blockingUnaryCall(channel, GrpcEcho.SAY, deadline(), bytes("over tls"));
                assertThat(text(reply)).isEqualTo("hello, over tls");
            } finally {
                channel.shutdownNow();
            }
            JsonNode line = proxy.log().awaitEntries(1, WAIT).get(0);
            assertThat(line.get("tls_ms").isNull()).as("the handshake's time, for the connection's first call")
                    .isFalse();
        }
    }

    @Test
    void anUpstreamThatDoesNotAgreeToHttp2ByAlpnIsAProtocolErrorSaidPlainly(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), TlsFixture.certificates().ca.getCertificatePEM());
        try (TlsOkUpstream http11Only = TlsOkUpstream.presenting(TlsFixture.certificates().valid);
             ProxyHarness proxy = tlsProxyFor(http11Only.target(), ca);
             RawHttpClient client = proxy.client()) {
            RawHttpClient.RawResponse response = client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(response.status()).isEqualTo(502);
            JsonNode line = proxy.log().awaitEntries(1, WAIT).get(0);
            assertThat(line.get("failure").asText()).isEqualTo("http_protocol_error");
            assertThat(line.get("failure_detail").asText()).contains("did not agree to HTTP/2 by ALPN");
            assertThat(http11Only.requests()).as("no request byte went").isZero();
        }
    }

    private static ProxyHarness tlsProxyFor(String target, Path ca) throws Exception {
        return ProxyHarness.startH2c("""
                upstreams:
                  app: { targets: [ "%s" ], protocol: h2, tls: { enabled: true, ca_file: "%s" } }
                routes:
                  - { name: grpc, match: { path_prefix: / }, upstream: app, retry: { attempts: 1 } }
                """.formatted(target, ca));
    }

    @Test
    void aStatusTheServiceSendsReachesTheClientAsSent() throws Exception {
        try (GrpcEcho service = GrpcEcho.start(0);
             ProxyHarness proxy = proxyFor(service.target(), "")) {
            ManagedChannel channel = GrpcEcho.channelTo(proxy.port());
            try {
                StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                        () -> ClientCalls.blockingUnaryCall(channel, GrpcEcho.SAY, deadline(), bytes("status:NOT_FOUND")));
                assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                assertThat(failure.getStatus().getDescription()).isEqualTo("asked for");
            } finally {
                channel.shutdownNow();
            }
            JsonNode line = proxy.log().awaitEntries(1, WAIT).get(0);
            assertThat(line.get("origin").asText()).isEqualTo("upstream");
            assertThat(line.get("failure").isNull()).isTrue();
            assertThat(line.get("grpc_status").asInt()).as("NOT_FOUND, from a trailers-only answer").isEqualTo(5);
        }
    }
}
