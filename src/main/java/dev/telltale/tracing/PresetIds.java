package dev.telltale.tracing;

import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * The IDs of the span being made: the proxy chose them when the request came (its span ID is the
 * parent the upstream was given, its trace ID may be one it started), so the SDK must take them
 * rather than make its own. Used on the one thread that makes spans; set before each.
 */
final class PresetIds implements IdGenerator {

    private String traceId;
    private String spanId;

    void next(String trace, String span) {
        this.traceId = trace;
        this.spanId = span;
    }

    @Override
    public String generateSpanId() {
        return spanId;
    }

    @Override
    public String generateTraceId() {
        return traceId;
    }
}
