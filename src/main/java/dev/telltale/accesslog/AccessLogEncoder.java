package dev.telltale.accesslog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.telltale.container.ContainerEvent;
import dev.telltale.container.ContainerFacts;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Turns an entry into one JSON line (no trailing newline) with Jackson's streaming generator:
 * fixed field order, every field present, null where unknown. Thread-safe.
 */
public final class AccessLogEncoder {

    private static final JsonFactory JSON = new JsonFactoryBuilder()
            .characterEscapes(new LineSafeEscapes())
            // writeLine appends to the caller's stream, which the caller flushes and closes.
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
            .build();

    public String encode(AccessLogEntry e) {
        return encode(e, 512);
    }

    /** A health transition: {@code ts, type, upstream, target, from, to, failure, detail, reason}. */
    public String encode(HealthEvent e) {
        return encode(e, 256);
    }

    /** A container event: {@code ts, type, container, service, id, action, exit_code, health, signal}. */
    public String encode(ContainerEvent e) {
        return encode(e, 256);
    }

    /** Any record the log takes ({@link AccessLogEntry}, {@link HealthEvent}, {@link ContainerEvent}). */
    String encode(Object record, int sizeHint) {
        StringWriter out = new StringWriter(sizeHint);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(record, g);
        } catch (IOException ex) {
            // A StringWriter does not fail; this would be a generator bug.
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

    /**
     * A generator that appends lines to {@code out} as UTF-8, for {@link #writeLine}; one serves
     * many lines, so that a line does not pay for a generator. Not thread-safe. Its
     * {@code flush()} empties its buffer into {@code out} without flushing {@code out}, and its
     * {@code close()} does that and leaves {@code out} open.
     */
    JsonGenerator lineGenerator(OutputStream out) throws IOException {
        JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8);
        // Each line ends in its own newline; no separator before the next one.
        g.setRootValueSeparator(null);
        return g;
    }

    /** Writes {@code record} ({@link AccessLogEntry}, {@link HealthEvent} or {@link ContainerEvent}) and a newline. */
    void writeLine(Object record, JsonGenerator g) throws IOException {
        write(record, g);
        g.writeRaw('\n');
    }

    private static void write(Object record, JsonGenerator g) throws IOException {
        if (record instanceof AccessLogEntry entry) {
            write(entry, g);
        } else if (record instanceof HealthEvent health) {
            write(health, g);
        } else {
            write((ContainerEvent) record, g);
        }
    }

    private static void write(AccessLogEntry e, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("ts", UtcMillis.format(e.ts()));
        g.writeStringField("request_id", e.requestId());
        g.writeStringField("client", e.client());
        g.writeStringField("method", e.method());
        g.writeStringField("host", e.host());
        g.writeStringField("path", e.path());
        g.writeStringField("protocol", e.protocol());
        g.writeStringField("route", e.route());
        g.writeStringField("upstream", e.upstream());
        g.writeStringField("target", e.target());
        g.writeNumberField("status", e.status());
        writeNullable(g, "upstream_status", e.upstreamStatus());
        writeNullable(g, "grpc_status", e.grpcStatus());
        g.writeStringField("origin", e.origin().jsonName());
        g.writeStringField("failure", e.failure());
        g.writeStringField("failure_detail", e.failureDetail());
        g.writeNumberField("attempts", e.attempts());
        writeRetries(g, e);
        g.writeNumberField("bytes_in", e.bytesIn());
        g.writeNumberField("bytes_out", e.bytesOut());
        writeNullable(g, "connect_ms", e.connectMs());
        writeNullable(g, "tls_ms", e.tlsMs());
        writeNullable(g, "ttfb_ms", e.ttfbMs());
        g.writeNumberField("duration_ms", e.durationMs());
        writeNullable(g, "held_ms", e.heldMs());
        g.writeStringField("user_agent", e.userAgent());
        writeContainer(g, e.container());
        g.writeEndObject();
    }

    /** Operators read the log: the container's name, image and health output are always there. */
    private static void writeContainer(JsonGenerator g, ContainerFacts c) throws IOException {
        if (c == null) {
            g.writeNullField("container");
            return;
        }
        g.writeObjectFieldStart("container");
        g.writeStringField("name", c.name());
        g.writeStringField("service", c.service());
        g.writeStringField("state", c.state());
        writeNullable(g, "exit_code", c.exitCode());
        g.writeBooleanField("oom_killed", c.oomKilled());
        g.writeNumberField("restarts_15m", c.restarts15m());
        g.writeStringField("health", c.health());
        g.writeStringField("since", c.since() == null ? null : UtcMillis.format(c.since()));
        g.writeStringField("image", c.image());
        g.writeStringField("health_output", c.healthOutput());
        g.writeStringField("cause", c.cause() == null ? null : c.cause().full());
        g.writeEndObject();
    }

    private static void write(ContainerEvent e, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("ts", UtcMillis.format(e.ts()));
        g.writeStringField("type", "container");
        g.writeStringField("container", e.name());
        g.writeStringField("service", e.service());
        g.writeStringField("id", e.id() == null || e.id().length() <= 12 ? e.id() : e.id().substring(0, 12));
        g.writeStringField("action", e.action());
        writeNullable(g, "exit_code", e.exitCode());
        g.writeStringField("health", e.health());
        g.writeStringField("signal", e.signal());
        g.writeEndObject();
    }

    private static void write(HealthEvent e, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("ts", UtcMillis.format(e.ts()));
        g.writeStringField("type", "health");
        g.writeStringField("upstream", e.upstream());
        g.writeStringField("target", e.target());
        g.writeStringField("from", e.from());
        g.writeStringField("to", e.to());
        g.writeStringField("failure", e.failure());
        g.writeStringField("detail", e.detail());
        g.writeStringField("reason", e.reason());
        g.writeEndObject();
    }

    private static void writeRetries(JsonGenerator g, AccessLogEntry e) throws IOException {
        g.writeArrayFieldStart("retries");
        List<RetryRecord> retries = e.retries();
        for (int i = 0; i < retries.size(); i++) { // by index: most lines have none, and no iterator is made
            RetryRecord retry = retries.get(i);
            g.writeStartObject();
            g.writeStringField("target", retry.target());
            g.writeStringField("failure", retry.failure());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeNullable(JsonGenerator g, String name, Number value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value.longValue());
        }
    }
}
