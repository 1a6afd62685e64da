package dev.telltale.tracing;

import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.accesslog.RetryRecord;
import dev.telltale.accesslog.TraceIds;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One request's server span, made from its access-log line: the HTTP semantic conventions'
 * attributes, the route, upstream and target, each attempt as an event, and the failure class as
 * {@code error.type} with {@code telltale.failure} and its detail. The line is made when the
 * exchange ends, so the span is whole when it is made: started and ended at once, at the times the
 * line records.
 */
final class EntrySpan {

    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> FAILURE = AttributeKey.stringKey("telltale.failure");
    static final AttributeKey<String> FAILURE_DETAIL = AttributeKey.stringKey("telltale.failure_detail");
    static final AttributeKey<String> TARGET = AttributeKey.stringKey("telltale.target");
    private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    private static final AttributeKey<String> QUERY = AttributeKey.stringKey("url.query");
    private static final AttributeKey<String> SERVER = AttributeKey.stringKey("server.address");
    private static final AttributeKey<String> CLIENT = AttributeKey.stringKey("client.address");
    private static final AttributeKey<String> PROTOCOL = AttributeKey.stringKey("network.protocol.version");
    private static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");
    private static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("telltale.request_id");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("telltale.route");
    private static final AttributeKey<String> UPSTREAM = AttributeKey.stringKey("telltale.upstream");
    private static final AttributeKey<String> ORIGIN = AttributeKey.stringKey("telltale.origin");
    private static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("telltale.attempts");
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT",
            "OPTIONS", "TRACE", "PATCH");

    private EntrySpan() {
    }

    /** Makes and ends the span of {@code entry}; {@code ids} must say the entry's IDs when the SDK asks. */
    static void record(Tracer tracer, PresetIds ids, AccessLogEntry entry) {
        String traceId = TraceIds.traceId(entry.traceHigh(), entry.traceLow());
        ids.next(traceId, TraceIds.spanId(entry.spanIdNumber()));
        String method = entry.method() == null ? null : KNOWN_METHODS.contains(entry.method()) ? entry.method() : "_OTHER";
        long start = TimeUnit.MILLISECONDS.toNanos(entry.ts().toEpochMilli());
        long end = start + TimeUnit.MILLISECONDS.toNanos(entry.durationMs());
        SpanBuilder builder = tracer.spanBuilder(entry.route() == null ? String.valueOf(method) : method + " " + entry.route())
                .setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(start, TimeUnit.NANOSECONDS);
        if (entry.parentSpanIdNumber() != 0) {
            builder.setParent(Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(traceId,
                    TraceIds.spanId(entry.parentSpanIdNumber()), TraceFlags.getSampled(), TraceState.getDefault()))));
        } else {
            builder.setNoParent();
        }
        Span span = builder.startSpan();
        set(span, METHOD, method);
        String path = entry.path();
        int query = path == null ? -1 : path.indexOf('?');
        set(span, PATH, query < 0 ? path : path.substring(0, query));
        set(span, QUERY, query < 0 ? null : path.substring(query + 1));
        set(span, SERVER, entry.host());
        set(span, CLIENT, entry.client());
        set(span, PROTOCOL, entry.protocol() == null ? null : entry.protocol().replace("HTTP/", ""));
        set(span, USER_AGENT, entry.userAgent());
        set(span, REQUEST_ID, entry.requestId());
        set(span, ROUTE, entry.route());
        set(span, UPSTREAM, entry.upstream());
        set(span, TARGET, entry.target());
        set(span, ORIGIN, entry.origin() == null ? null : entry.origin().jsonName());
        span.setAttribute(STATUS, (long) entry.status());
        span.setAttribute(ATTEMPTS, (long) entry.attempts());
        for (RetryRecord retry : entry.retries()) {
            // The line keeps no time per attempt: the events are in the attempts' order, at the start.
            span.addEvent("attempt", Attributes.of(TARGET, String.valueOf(retry.target()), FAILURE,
                    String.valueOf(retry.failure())), start, TimeUnit.NANOSECONDS);
        }
        if (entry.attempts() > 0) {
            span.addEvent("attempt", entry.failure() == null ? Attributes.of(TARGET, String.valueOf(entry.target()))
                    : Attributes.of(TARGET, String.valueOf(entry.target()), FAILURE, entry.failure()), end,
                    TimeUnit.NANOSECONDS);
        }
        if (entry.failure() != null) {
            set(span, ERROR_TYPE, entry.failure());
            set(span, FAILURE, entry.failure());
            set(span, FAILURE_DETAIL, entry.failureDetail());
        } else if (entry.status() >= 500) {
            set(span, ERROR_TYPE, String.valueOf(entry.status()));
        }
        if (entry.status() >= 500) {
            span.setStatus(StatusCode.ERROR, entry.failure() != null ? entry.failure() : null);
        }
        span.end(end, TimeUnit.NANOSECONDS);
    }

    private static void set(Span span, AttributeKey<String> key, String value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
    }
}
