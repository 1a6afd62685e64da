package dev.telltale.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.GrpcEcho;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.ScriptedHttp2Upstream;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.netty.handler.codec.http2.Http2Error;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.telltale.testing.GrpcEcho.bytes;
import static dev.telltale.testing.GrpcEcho.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A real gRPC service behind the proxy that fails as services do: killed in the middle of a stream,
 * too slow for the client's deadline, refusing streams, and restarted in good order under steady
 * calls. Each failure reaches the real gRPC client as the status gRPC's guidance asks for, with the
 * failure and the request ID in its message, and the log line says the same.
 */
@Tag("socket")
class GrpcUpstreamFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private static CallOptions deadline(long millis) {
        return CallOptions.DEFAULT.withDeadlineAfter(millis, TimeUnit.MILLISECONDS);
    }

    @Test
    void aServiceKilledMidStreamEndsTheStreamWithInternalNotACut() throws Exception {
        GrpcEcho service = GrpcEcho.start(0);
        try (ProxyHarness proxy = GrpcProxyTest.proxyFor(service.target(), "")) {
            ManagedChannel channel = GrpcEcho.channelTo(proxy.port());
            try {
                Iterator<byte[]> stream = ClientCalls.blockingServerStreamingCall(channel, GrpcEcho.COUNT,
                        deadline(20_000), bytes("1000/20"));
                assertThat(text(stream.next())).isEqualTo("1");
                assertThat(text(stream.next())).isEqualTo("2");
                service.kill();
                StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                        () -> stream.forEachRemaining(message -> { }));
                assertThat(failure.getStatus().getCode()).as("the app may have acted on the request")
                        .isEqualTo(Status.Code.INTERNAL);
                JsonNode line = proxy.log().awaitEntries(1, WAIT).get(0);
                assertThat(failure.getStatus().getDescription()).startsWith(line.get("failure").asText() + ": ")
                        .contains(line.get("request_id").asText());
                assertThat(line.get("failure").asText()).isIn("connection_terminated", "http_protocol_error");
                assertThat(line.get("status").asInt()).isEqualTo(200);
                assertThat(line.get("grpc_status").asInt()).isEqualTo(Status.Code.INTERNAL.value());
            } finally {
                channel.shutdownNow();
            }
        } finally {
            service.close();
        }
    }

    @Test
    void aServiceTooSlowForTheClientsDeadlineIsDeadlineExceededExplainedByTheProxy() throws Exception {
        try (GrpcEcho service = GrpcEcho.start(0);
             ProxyHarness proxy = GrpcProxyTest.proxyFor(service.target(), "")) {
            ManagedChannel channel = GrpcEcho.channelTo(proxy.port());
            try {
                StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                        () -> ClientCalls.blockingUnaryCall(channel, GrpcEcho.SAY, deadline(600), bytes("sleep:3000")));
                assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
                assertThat(failure.getStatus().getDescription())
                        .as("the proxy's answer came before the client's own timer")
                        .startsWith("http_response_timeout: ").contains("grpc-timeout");
            } finally {
                channel.shutdownNow();
            }
            JsonNode line = proxy.log().awaitEntries(1, WAIT).get(0);
            assertThat(line.get("failure").asText()).isEqualTo("http_response_timeout");
            assertThat(line.get("failure_detail").asText()).contains("client's gRPC deadline");
        }
    }

    @Test
    void aServiceThatRefusesTheStreamIsUnavailableAfterTheRetry() throws Exception {
        try (ScriptedHttp2Upstream refusing = new ScriptedHttp2Upstream(
                (stream, connection) -> ScriptedHttp2Upstream.reset(stream, Http2Error.REFUSED_STREAM));
             ProxyHarness proxy = GrpcProxyTest.proxyFor(refusing.target(), "")) {
            ManagedChannel channel = GrpcEcho.channelTo(proxy.port());
            try {
                StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                        () -> ClientCalls.blockingUnaryCall(channel, GrpcEcho.SAY, deadline(10_000), bytes("x")));
                assertThat(failure.getStatus().getCode()).as("the request was not processed: safe to try again")
                        .isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(failure.getStatus().getDescription()).contains("REFUSED_STREAM");
            } finally {
                channel.shutdownNow();
            }
            JsonNode line = proxy.log().awaitEntries(1, WAIT).get(0);
            assertThat(line.get("failure").asText()).isEqualTo("connection_refused");
            assertThat(line.get("attempts").asInt()).as("retried, as a request never processed may be").isEqualTo(2);
            assertThat(refusing.requests()).isEqualTo(2);
        }
    }

    @Test
    void aGracefulRestartUnderSteadyCallsCostsNoClientAnError() throws Exception {
        GrpcEcho service = GrpcEcho.start(0);
        int port = service.port();
        try (ProxyHarness proxy = GrpcProxyTest.proxyFor(service.target(), ", retry: { hold: 10s }")) {
            ManagedChannel channel = GrpcEcho.channelTo(proxy.port());
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger ok = new AtomicInteger();
            List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread calls = new Thread(() -> {
                while (running.get()) {
                    try {
                        ClientCalls.blockingUnaryCall(channel, GrpcEcho.SAY, deadline(15_000), bytes("steady"));
                        ok.incrementAndGet();
                    } catch (RuntimeException e) {
                        errors.add(e);
                    }
                }
            }, "steady-grpc-calls");
            calls.start();
            try {
                for (int restart = 0; restart < 2; restart++) {
                    Thread.sleep(500);
                    service.stopGracefully(); // GOAWAY NO_ERROR; the calls in flight finish
                    Thread.sleep(300);
                    service = GrpcEcho.start(port);
                }
                Thread.sleep(500);
            } finally {
                running.set(false);
                calls.join(20_000);
                channel.shutdownNow();
            }
            assertThat(errors).as("client errors during graceful restarts").isEmpty();
            assertThat(ok.get()).isGreaterThan(10);
        } finally {
            service.close();
        }
    }
}
