package dev.telltale.accesslog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
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

    /** The names of the log's fields, quoted and encoded once: an access line has about thirty. */
    private static final SerializableString TS = new SerializedString("ts");
    private static final SerializableString REQUEST_ID = new SerializedString("request_id");
    private static final SerializableString TRACE_ID = new SerializedString("trace_id");
    private static final SerializableString SPAN_ID = new SerializedString("span_id");
    private static final ThreadLocal<char[]> TRACE_HEX = ThreadLocal.withInitial(() -> new char[32]);
    private static final SerializableString CLIENT = new SerializedString("client");
    private static final SerializableString METHOD = new SerializedString("method");
    private static final SerializableString HOST = new SerializedString("host");
    private static final SerializableString PATH = new SerializedString("path");
    private static final SerializableString PROTOCOL = new SerializedString("protocol");
    private static final SerializableString ROUTE = new SerializedString("route");
    private static final SerializableString UPSTREAM = new SerializedString("upstream");
    private static final SerializableString TARGET = new SerializedString("target");
    private static final SerializableString STATUS = new SerializedString("status");
    private static final SerializableString UPSTREAM_STATUS = new SerializedString("upstream_status");
    private static final SerializableString GRPC_STATUS = new SerializedString("grpc_status");
    private static final SerializableString ORIGIN = new SerializedString("origin");
    private static final SerializableString FAILURE = new SerializedString("failure");
    private static final SerializableString FAILURE_DETAIL = new SerializedString("failure_detail");
    private static final SerializableString ATTEMPTS = new SerializedString("attempts");
    private static final SerializableString BYTES_IN = new SerializedString("bytes_in");
    private static final SerializableString BYTES_OUT = new SerializedString("bytes_out");
    private static final SerializableString CONNECT_MS = new SerializedString("connect_ms");
    private static final SerializableString TLS_MS = new SerializedString("tls_ms");
    private static final SerializableString TTFB_MS = new SerializedString("ttfb_ms");
    private static final SerializableString DURATION_MS = new SerializedString("duration_ms");
    private static final SerializableString HELD_MS = new SerializedString("held_ms");
    private static final SerializableString USER_AGENT = new SerializedString("user_agent");
    private static final SerializableString CONTAINER = new SerializedString("container");
    private static final SerializableString NAME = new SerializedString("name");
    private static final SerializableString SERVICE = new SerializedString("service");
    private static final SerializableString STATE = new SerializedString("state");
    private static final SerializableString EXIT_CODE = new SerializedString("exit_code");
    private static final SerializableString OOM_KILLED = new SerializedString("oom_killed");
    private static final SerializableString RESTARTS_15M = new SerializedString("restarts_15m");
    private static final SerializableString HEALTH = new SerializedString("health");
    private static final SerializableString SINCE = new SerializedString("since");
    private static final SerializableString IMAGE = new SerializedString("image");
    private static final SerializableString HEALTH_OUTPUT = new SerializedString("health_output");
    private static final SerializableString CAUSE = new SerializedString("cause");
    private static final SerializableString RETRIES = new SerializedString("retries");
    private static final SerializableString TYPE = new SerializedString("type");
    private static final SerializableString ID = new SerializedString("id");
    private static final SerializableString ACTION = new SerializedString("action");
    private static final SerializableString SIGNAL = new SerializedString("signal");
    private static final SerializableString FROM = new SerializedString("from");
    private static final SerializableString TO = new SerializedString("to");
    private static final SerializableString DETAIL = new SerializedString("detail");
    private static final SerializableString REASON = new SerializedString("reason");

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

    /** {@code trace_id} and {@code span_id}, formatted here, on the writer's thread, from their numbers. */
    private static void traceIds(JsonGenerator g, AccessLogEntry e) throws IOException {
        if (!e.traced()) {
            string(g, TRACE_ID, null);
            string(g, SPAN_ID, null);
            return;
        }
        char[] hex = TRACE_HEX.get();
        TraceIds.hex(e.traceHigh(), hex, 0);
        TraceIds.hex(e.traceLow(), hex, 16);
        g.writeFieldName(TRACE_ID);
        g.writeString(hex, 0, 32);
        TraceIds.hex(e.spanIdNumber(), hex, 0);
        g.writeFieldName(SPAN_ID);
        g.writeString(hex, 0, 16);
    }

    private static void write(AccessLogEntry e, JsonGenerator g) throws IOException {
        g.writeStartObject();
        string(g, TS, UtcMillis.format(e.ts()));
        string(g, REQUEST_ID, e.requestId());
        traceIds(g, e);
        string(g, CLIENT, e.client());
        string(g, METHOD, e.method());
        string(g, HOST, e.host());
        string(g, PATH, e.path());
        string(g, PROTOCOL, e.protocol());
        string(g, ROUTE, e.route());
        string(g, UPSTREAM, e.upstream());
        string(g, TARGET, e.target());
        number(g, STATUS, e.status());
        writeNullable(g, UPSTREAM_STATUS, e.upstreamStatus());
        writeNullable(g, GRPC_STATUS, e.grpcStatus());
        string(g, ORIGIN, e.origin().jsonName());
        string(g, FAILURE, e.failure());
        string(g, FAILURE_DETAIL, e.failureDetail());
        number(g, ATTEMPTS, e.attempts());
        writeRetries(g, e);
        number(g, BYTES_IN, e.bytesIn());
        number(g, BYTES_OUT, e.bytesOut());
        writeNullable(g, CONNECT_MS, e.connectMs());
        writeNullable(g, TLS_MS, e.tlsMs());
        writeNullable(g, TTFB_MS, e.ttfbMs());
        number(g, DURATION_MS, e.durationMs());
        writeNullable(g, HELD_MS, e.heldMs());
        string(g, USER_AGENT, e.userAgent());
        writeContainer(g, e.container());
        g.writeEndObject();
    }

    /** Operators read the log: the container's name, image and health output are always there. */
    private static void writeContainer(JsonGenerator g, ContainerFacts c) throws IOException {
        g.writeFieldName(CONTAINER);
        if (c == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        string(g, NAME, c.name());
        string(g, SERVICE, c.service());
        string(g, STATE, c.state());
        writeNullable(g, EXIT_CODE, c.exitCode());
        bool(g, OOM_KILLED, c.oomKilled());
        number(g, RESTARTS_15M, c.restarts15m());
        string(g, HEALTH, c.health());
        string(g, SINCE, c.since() == null ? null : UtcMillis.format(c.since()));
        string(g, IMAGE, c.image());
        string(g, HEALTH_OUTPUT, c.healthOutput());
        string(g, CAUSE, c.cause() == null ? null : c.cause().full());
        g.writeEndObject();
    }

    private static void write(ContainerEvent e, JsonGenerator g) throws IOException {
        g.writeStartObject();
        string(g, TS, UtcMillis.format(e.ts()));
        string(g, TYPE, "container");
        string(g, CONTAINER, e.name());
        string(g, SERVICE, e.service());
        string(g, ID, e.id() == null || e.id().length() <= 12 ? e.id() : e.id().substring(0, 12));
        string(g, ACTION, e.action());
        writeNullable(g, EXIT_CODE, e.exitCode());
        string(g, HEALTH, e.health());
        string(g, SIGNAL, e.signal());
        g.writeEndObject();
    }

    private static void write(HealthEvent e, JsonGenerator g) throws IOException {
        g.writeStartObject();
        string(g, TS, UtcMillis.format(e.ts()));
        string(g, TYPE, "health");
        string(g, UPSTREAM, e.upstream());
        string(g, TARGET, e.target());
        string(g, FROM, e.from());
        string(g, TO, e.to());
        string(g, FAILURE, e.failure());
        string(g, DETAIL, e.detail());
        string(g, REASON, e.reason());
        g.writeEndObject();
    }

    private static void writeRetries(JsonGenerator g, AccessLogEntry e) throws IOException {
        g.writeFieldName(RETRIES);
        g.writeStartArray();
        List<RetryRecord> retries = e.retries();
        for (int i = 0; i < retries.size(); i++) { // by index: most lines have none, and no iterator is made
            RetryRecord retry = retries.get(i);
            g.writeStartObject();
            string(g, TARGET, retry.target());
            string(g, FAILURE, retry.failure());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeNullable(JsonGenerator g, SerializableString name, Number value) throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeNumber(value.longValue());
        }
    }

    private static void string(JsonGenerator g, SerializableString name, String value) throws IOException {
        g.writeFieldName(name);
        g.writeString(value); // null is written as null
    }

    private static void number(JsonGenerator g, SerializableString name, long value) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(value);
    }

    private static void bool(JsonGenerator g, SerializableString name, boolean value) throws IOException {
        g.writeFieldName(name);
        g.writeBoolean(value);
    }
}
