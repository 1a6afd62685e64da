package dev.telltale.testing;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An OTLP/HTTP trace receiver on 127.0.0.1, as a collector's {@code otlphttp} receiver is: it
 * takes {@code POST /v1/traces} with a protobuf {@code ExportTraceServiceRequest}, decodes it with
 * OpenTelemetry's own definitions and keeps every span with its resource's service name.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** One span as received, with the {@code service.name} of its resource. */
    public record Received(String serviceName, Span span) {
        public String traceId() {
            return HexFormat.of().formatHex(span.getTraceId().toByteArray());
        }

        public String spanId() {
            return HexFormat.of().formatHex(span.getSpanId().toByteArray());
        }

        public String parentSpanId() {
            return HexFormat.of().formatHex(span.getParentSpanId().toByteArray());
        }

        /** A string or integer attribute as text; null when absent. */
        public String attribute(String key) {
            return value(span.getAttributesList(), key);
        }
    }

    private final HttpServer server;
    private final List<Received> spans = new ArrayList<>();
    private int requests;

    public OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body.readAllBytes());
                synchronized (spans) {
                    requests++;
                    for (ResourceSpans resource : request.getResourceSpansList()) {
                        String service = value(resource.getResource().getAttributesList(), "service.name");
                        for (ScopeSpans scope : resource.getScopeSpansList()) {
                            for (Span span : scope.getSpansList()) {
                                spans.add(new Received(service, span));
                            }
                        }
                    }
                    spans.notifyAll();
                }
                byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
                exchange.getResponseBody().write(answer);
            } catch (IOException | RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    /** Waits until {@code count} spans have arrived (or the time is up) and returns all that did. */
    public List<Received> awaitSpans(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (spans) {
            while (spans.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                spans.wait(Math.max(1, left / 1_000_000));
            }
            return List.copyOf(spans);
        }
    }

    public int requests() {
        synchronized (spans) {
            return requests;
        }
    }

    private static String value(List<KeyValue> attributes, String key) {
        for (KeyValue kv : attributes) {
            if (kv.getKey().equals(key)) {
                AnyValue v = kv.getValue();
                return v.hasIntValue() ? String.valueOf(v.getIntValue()) : v.getStringValue();
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
