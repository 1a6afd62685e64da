package dev.telltale.testing;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsServerCredentials;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.netty.pkitesting.X509Bundle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A real gRPC service (grpc-java, plaintext HTTP/2) for the proxy's gRPC tests, with messages as
 * plain bytes so no code is generated: {@code Say} answers "hello, NAME" (or the status a name like
 * {@code status:NOT_FOUND} asks for, or after the delay {@code sleep:MILLIS} asks), {@code Count}
 * streams "1".."N" ("N/MILLIS": one every MILLIS), {@code Chat} echoes each message as it comes.
 */
public final class GrpcEcho implements AutoCloseable {

    public static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    public static final MethodDescriptor<byte[], byte[]> SAY = method("Say", MethodDescriptor.MethodType.UNARY);
    public static final MethodDescriptor<byte[], byte[]> COUNT = method("Count",
            MethodDescriptor.MethodType.SERVER_STREAMING);
    public static final MethodDescriptor<byte[], byte[]> CHAT = method("Chat",
            MethodDescriptor.MethodType.BIDI_STREAMING);

    private final Server server;

    private GrpcEcho(Server server) {
        this.server = server;
    }

    /** The service on 127.0.0.1, on {@code port} (0 picks one). */
    public static GrpcEcho start(int port) throws IOException {
        return start(port, InsecureServerCredentials.create());
    }

    /** The service over TLS (HTTP/2 agreed by ALPN), presenting {@code certificate}. */
    public static GrpcEcho startTls(X509Bundle certificate) throws IOException {
        return start(0, TlsServerCredentials.create(
                new ByteArrayInputStream(certificate.getCertificatePathPEM().getBytes(StandardCharsets.US_ASCII)),
                new ByteArrayInputStream(certificate.getPrivateKeyPEM().getBytes(StandardCharsets.US_ASCII))));
    }

    private static GrpcEcho start(int port, ServerCredentials credentials) throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder("telltale.Echo")
                .addMethod(SAY, ServerCalls.asyncUnaryCall(GrpcEcho::say))
                .addMethod(COUNT, ServerCalls.asyncServerStreamingCall(GrpcEcho::count))
                .addMethod(CHAT, ServerCalls.asyncBidiStreamingCall(replies -> new StreamObserver<byte[]>() {
                    @Override
                    public void onNext(byte[] message) {
                        replies.onNext(bytes("echo " + text(message)));
                    }

                    @Override
                    public void onError(Throwable t) {
                        // the client went: nothing to answer
                    }

                    @Override
                    public void onCompleted() {
                        replies.onCompleted();
                    }
                }))
                .build();
        Server server = Grpc.newServerBuilderForPort(port, credentials)
                .addService(service).build().start();
        return new GrpcEcho(server);
    }

    /** "N" streams 1..N at once; "N/MILLIS" waits that long before each. */
    private static void count(byte[] request, StreamObserver<byte[]> replies) {
        String[] parts = text(request).split("/");
        int n = Integer.parseInt(parts[0]);
        long pause = parts.length > 1 ? Long.parseLong(parts[1]) : 0;
        try {
            for (int i = 1; i <= n; i++) {
                if (pause > 0) {
                    Thread.sleep(pause);
                }
                replies.onNext(bytes(Integer.toString(i)));
            }
            replies.onCompleted();
        } catch (InterruptedException | RuntimeException stopped) {
            // killed meanwhile: the call is cut, as a crashed service's would be
        }
    }

    private static void say(byte[] request, StreamObserver<byte[]> reply) {
        String name = text(request);
        if (name.startsWith("status:")) {
            reply.onError(Status.fromCode(Status.Code.valueOf(name.substring(7))).withDescription("asked for")
                    .asRuntimeException());
            return;
        }
        if (name.startsWith("sleep:")) {
            try {
                Thread.sleep(Long.parseLong(name.substring(6)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        reply.onNext(bytes("hello, " + name));
        reply.onCompleted();
    }

    public int port() {
        return server.getPort();
    }

    public String target() {
        return "127.0.0.1:" + port();
    }

    /** A plaintext (h2c, prior knowledge) channel to {@code port}, as a gRPC user opens one. */
    public static ManagedChannel channelTo(int port) {
        return Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create()).build();
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Stops at once, cutting the calls in flight (a kill, as far as the clients can tell). */
    public void kill() {
        server.shutdownNow();
    }

    /** Stops in good order: new calls are refused, those in flight may finish (GOAWAY NO_ERROR). */
    public void stopGracefully() throws InterruptedException {
        server.shutdown();
        server.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static MethodDescriptor<byte[], byte[]> method(String name, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<byte[], byte[]>newBuilder().setType(type)
                .setFullMethodName("telltale.Echo/" + name)
                .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
    }
}
