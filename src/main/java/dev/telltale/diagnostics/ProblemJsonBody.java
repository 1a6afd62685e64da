package dev.telltale.diagnostics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.telltale.container.ContainerFacts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * RFC 9457 problem details. {@code type} is {@value #TYPE_BASE}{@code <failure>}, a stable
 * identifier that need not resolve; {@code instance} is {@value #INSTANCE_PREFIX}{@code <request id>},
 * a tag URI (RFC 4151), because a bare ID containing {@code :} would not be a valid URI
 * reference. The extension members are snake_case like the access log's fields.
 */
final class ProblemJsonBody {

    static final String TYPE_BASE = "https://telltale.dev/failures/";
    static final String INSTANCE_PREFIX = "tag:telltale.dev,2025:request:";
    private static final JsonFactory JSON = new JsonFactory();

    private ProblemJsonBody() {
    }

    static RenderedError render(VisibleReport v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", TYPE_BASE + v.failure().wireName());
            g.writeStringField("title", v.explanation().title());
            g.writeNumberField("status", v.status());
            g.writeStringField("detail", v.detail());
            g.writeStringField("instance", INSTANCE_PREFIX + uriSafe(v.requestId()));
            g.writeStringField("failure", v.failure().wireName());
            g.writeStringField("request_id", v.requestId());
            g.writeStringField("trace_id", v.traceId());
            g.writeStringField("phase", v.phaseName());
            // The field's name is the published one; it means what Retry-After means, that trying
            // again later is sensible (a transient failure), not Failure.retryable() (retry.on).
            g.writeBooleanField("retryable", v.retryAfterSeconds().isPresent());
            if (v.cause() != null || v.full() != null && v.container() != null) {
                g.writeStringField("cause", v.cause());
                writeContainer(g, v.container(), v.full() != null);
            }
            if (v.hold() != null) {
                g.writeStringField("hold", v.hold());
                writeMillis(g, "held_ms", v.heldMs());
            }
            g.writeStringField("timestamp", v.timestampText());
            g.writeArrayFieldStart("next_checks");
            for (String check : v.explanation().nextChecks()) {
                g.writeString(check);
            }
            g.writeEndArray();
            if (v.full() != null) {
                writeInternals(g, v.full());
            }
            g.writeEndObject();
        } catch (IOException e) {
            // A ByteArrayOutputStream does not fail; this would be a generator bug.
            throw new UncheckedIOException(e);
        }
        return new RenderedError(ResponseFormat.PROBLEM_JSON.contentType(), out.toByteArray());
    }

    private static void writeInternals(JsonGenerator g, ErrorReport r) throws IOException {
        g.writeStringField("method", r.method());
        g.writeStringField("host", r.host());
        g.writeStringField("path", r.path());
        g.writeStringField("route", r.route());
        g.writeStringField("upstream", r.upstream());
        g.writeStringField("target", r.target());
        g.writeStringField("config_key", r.configKey());
        g.writeArrayFieldStart("attempts");
        for (ErrorReport.Attempt attempt : r.attempts()) {
            g.writeStartObject();
            g.writeStringField("target", attempt.target());
            g.writeStringField("failure", attempt.failure() == null ? null : attempt.failure().wireName());
            g.writeStringField("detail", attempt.detail());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("timings");
        writeMillis(g, "connect_ms", r.timings().connectMs());
        writeMillis(g, "tls_ms", r.timings().tlsMs());
        writeMillis(g, "ttfb_ms", r.timings().ttfbMs());
        writeMillis(g, "duration_ms", r.timings().durationMs());
        g.writeEndObject();
    }

    /** At safe detail the state words only; names, image and health output at full. */
    private static void writeContainer(JsonGenerator g, ContainerFacts c, boolean full) throws IOException {
        g.writeObjectFieldStart("container");
        if (full) {
            g.writeStringField("name", c.name());
            g.writeStringField("service", c.service());
            g.writeStringField("image", c.image());
        }
        g.writeStringField("state", c.state());
        if (c.exitCode() == null) {
            g.writeNullField("exit_code");
        } else {
            g.writeNumberField("exit_code", c.exitCode());
        }
        g.writeBooleanField("oom_killed", c.oomKilled());
        g.writeNumberField("restarts_15m", c.restarts15m());
        g.writeStringField("health", c.health());
        g.writeStringField("since", c.since() == null ? null : c.since().toString());
        if (full) {
            g.writeStringField("health_output", c.healthOutput());
        }
        g.writeEndObject();
    }

    private static void writeMillis(JsonGenerator g, String name, Long value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value);
        }
    }

    /** Well-formed request IDs ([A-Za-z0-9._:-]) pass unchanged; anything else is percent-encoded. */
    static String uriSafe(String id) {
        StringBuilder out = new StringBuilder(id.length());
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == ':' || c == '-')) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return out.toString();
    }
}
