package dev.telltale.accesslog;

import dev.telltale.container.ContainerFacts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One access-log line: what happened to one request. Strings and boxed numbers are null when
 * unknown or not measured; {@code retries} lists the earlier failed attempts, oldest first.
 * Immutable once built. A class rather than a record so that its {@link Builder} fills it in
 * place: one object per request instead of a builder and a copy of every field.
 */
public final class AccessLogEntry {
    private Instant ts;
    private String requestId;
    private String client;
    private String method;
    private String host;
    private String path;
    private String route;
    private String upstream;
    private String target;
    private int status;
    private Integer upstreamStatus;
    private Origin origin;
    private String failure;
    private String failureDetail;
    private int attempts;
    private List<RetryRecord> retries;
    private long bytesIn;
    private long bytesOut;
    private Long connectMs;
    private Long tlsMs;
    private Long ttfbMs;
    private long durationMs;
    private String userAgent;
    private ContainerFacts container;
    private Long heldMs;
    /** How the request came: "HTTP/1.1", "HTTP/1.0" or "HTTP/2"; null before a request line was read. */
    private String protocol;
    /** A gRPC call's status, the app's or the proxy's; null for other requests. */
    private Integer grpcStatus;
    /** The W3C trace the request belongs to, and the proxy's span in it ({@link TraceIds}); none before a head was read. */
    private long traceHigh;
    private long traceLow;
    private long spanId;
    private long parentSpanId; // the client's span, 0 when the proxy started the trace; not in the line
    private boolean sampled;

    private AccessLogEntry() {
        origin = Origin.PROXY;
    }

    public AccessLogEntry(Instant ts, String requestId, String client, String method, String host, String path,
                          String route, String upstream, String target, int status, Integer upstreamStatus,
                          Origin origin, String failure, String failureDetail, int attempts, List<RetryRecord> retries,
                          long bytesIn, long bytesOut, Long connectMs, Long tlsMs, Long ttfbMs, long durationMs,
                          String userAgent, ContainerFacts container, Long heldMs) {
        this.ts = Objects.requireNonNull(ts, "ts");
        this.requestId = requestId;
        this.client = client;
        this.method = method;
        this.host = host;
        this.path = path;
        this.route = route;
        this.upstream = upstream;
        this.target = target;
        this.status = status;
        this.upstreamStatus = upstreamStatus;
        this.origin = Objects.requireNonNull(origin, "origin");
        this.failure = failure;
        this.failureDetail = failureDetail;
        this.attempts = attempts;
        this.retries = retries == null ? List.of() : List.copyOf(retries);
        this.bytesIn = bytesIn;
        this.bytesOut = bytesOut;
        this.connectMs = connectMs;
        this.tlsMs = tlsMs;
        this.ttfbMs = ttfbMs;
        this.durationMs = durationMs;
        this.userAgent = userAgent;
        this.container = container;
        this.heldMs = heldMs;
    }

    public AccessLogEntry(Instant ts, String requestId, String client, String method, String host, String path,
                          String route, String upstream, String target, int status, Integer upstreamStatus,
                          Origin origin, String failure, String failureDetail, int attempts, List<RetryRecord> retries,
                          long bytesIn, long bytesOut, Long connectMs, Long tlsMs, Long ttfbMs, long durationMs,
                          String userAgent) {
        this(ts, requestId, client, method, host, path, route, upstream, target, status, upstreamStatus, origin,
                failure, failureDetail, attempts, retries, bytesIn, bytesOut, connectMs, tlsMs, ttfbMs, durationMs,
                userAgent, null);
    }

    public AccessLogEntry(Instant ts, String requestId, String client, String method, String host, String path,
                          String route, String upstream, String target, int status, Integer upstreamStatus,
                          Origin origin, String failure, String failureDetail, int attempts, List<RetryRecord> retries,
                          long bytesIn, long bytesOut, Long connectMs, Long tlsMs, Long ttfbMs, long durationMs,
                          String userAgent, ContainerFacts container) {
        this(ts, requestId, client, method, host, path, route, upstream, target, status, upstreamStatus, origin,
                failure, failureDetail, attempts, retries, bytesIn, bytesOut, connectMs, tlsMs, ttfbMs, durationMs,
                userAgent, container, null);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Instant ts() { return ts; }
    public String requestId() { return requestId; }
    public String client() { return client; }
    public String method() { return method; }
    public String host() { return host; }
    public String path() { return path; }
    public String route() { return route; }
    public String upstream() { return upstream; }
    public String target() { return target; }
    public int status() { return status; }
    public Integer upstreamStatus() { return upstreamStatus; }
    public Origin origin() { return origin; }
    public String failure() { return failure; }
    public String failureDetail() { return failureDetail; }
    public int attempts() { return attempts; }
    public List<RetryRecord> retries() { return retries; }
    public long bytesIn() { return bytesIn; }
    public long bytesOut() { return bytesOut; }
    public Long connectMs() { return connectMs; }
    public Long tlsMs() { return tlsMs; }
    public Long ttfbMs() { return ttfbMs; }
    public long durationMs() { return durationMs; }
    public String userAgent() { return userAgent; }
    public ContainerFacts container() { return container; }
    public Long heldMs() { return heldMs; }
    public String protocol() { return protocol; }
    public Integer grpcStatus() { return grpcStatus; }
    /** Whether the line has a trace: a span ID is never 0, so an unset one says none. */
    public boolean traced() { return spanId != 0; }
    public long traceHigh() { return traceHigh; }
    public long traceLow() { return traceLow; }
    public long spanIdNumber() { return spanId; }
    public long parentSpanIdNumber() { return parentSpanId; }
    public boolean sampled() { return sampled; }
    /** The trace ID as text, made on each call; null when none is known. */
    public String traceId() { return traced() ? TraceIds.traceId(traceHigh, traceLow) : null; }
    /** The proxy's span ID as text, made on each call; null when none is known. */
    public String spanId() { return traced() ? TraceIds.spanId(spanId) : null; }

    /** The same line, to be filled further: what a builder changes after {@link Builder#build} goes to a copy. */
    private AccessLogEntry copy() {
        AccessLogEntry copy = new AccessLogEntry();
        copy.ts = ts;
        copy.requestId = requestId;
        copy.traceHigh = traceHigh;
        copy.traceLow = traceLow;
        copy.spanId = spanId;
        copy.parentSpanId = parentSpanId;
        copy.sampled = sampled;
        copy.client = client;
        copy.method = method;
        copy.host = host;
        copy.path = path;
        copy.route = route;
        copy.upstream = upstream;
        copy.target = target;
        copy.status = status;
        copy.upstreamStatus = upstreamStatus;
        copy.origin = origin;
        copy.failure = failure;
        copy.failureDetail = failureDetail;
        copy.attempts = attempts;
        copy.retries = retries;
        copy.bytesIn = bytesIn;
        copy.bytesOut = bytesOut;
        copy.connectMs = connectMs;
        copy.tlsMs = tlsMs;
        copy.ttfbMs = ttfbMs;
        copy.durationMs = durationMs;
        copy.userAgent = userAgent;
        copy.container = container;
        copy.heldMs = heldMs;
        copy.protocol = protocol;
        copy.grpcStatus = grpcStatus;
        return copy;
    }

    @Override
    public String toString() {
        return "AccessLogEntry[" + requestId + " " + method + " " + host + path + " -> " + status + " " + origin
                + (failure == null ? "" : " " + failure) + "]";
    }

    /**
     * Collects the fields over the life of a request. Not thread-safe: it belongs to the one
     * exchange that fills it. {@code origin} starts as {@code PROXY} because until an upstream
     * response is relayed, any status the client gets comes from the proxy.
     */
    public static final class Builder {
        private static final Integer[] BOXED_STATUSES = new Integer[600];

        static {
            for (int i = 0; i < BOXED_STATUSES.length; i++) {
                BOXED_STATUSES[i] = i;
            }
        }

        private AccessLogEntry entry = new AccessLogEntry();
        /** True once {@link #build} handed the entry out: the next change goes to a copy. */
        private boolean built;
        /** Made at the first retry: most requests have none. */
        private List<RetryRecord> retries;

        private Builder() {
        }

        private AccessLogEntry open() {
            if (built) {
                entry = entry.copy();
                built = false;
            }
            return entry;
        }

        public Builder ts(Instant v) { open().ts = v; return this; }
        public Builder requestId(String v) { open().requestId = v; return this; }
        /** The request's trace: its ID, the proxy's span, the client's span (0: none), the sampled flag. */
        public Builder trace(long traceHigh, long traceLow, long spanId, long parentSpanId, boolean sampled) {
            AccessLogEntry e = open();
            e.traceHigh = traceHigh;
            e.traceLow = traceLow;
            e.spanId = spanId;
            e.parentSpanId = parentSpanId;
            e.sampled = sampled;
            return this;
        }
        public Builder client(String v) { open().client = v; return this; }
        public Builder method(String v) { open().method = v; return this; }
        public Builder host(String v) { open().host = v; return this; }
        public Builder path(String v) { open().path = v; return this; }
        public Builder route(String v) { open().route = v; return this; }
        public Builder upstream(String v) { open().upstream = v; return this; }
        public Builder target(String v) { open().target = v; return this; }
        public Builder status(int v) { open().status = v; return this; }
        public Builder upstreamStatus(Integer v) { open().upstreamStatus = v; return this; }

        /** An HTTP status, boxed without a new object per line: statuses beyond the JDK's own cache (200) are kept. */
        public Builder upstreamStatus(int v) {
            open().upstreamStatus = v >= 0 && v < BOXED_STATUSES.length ? BOXED_STATUSES[v] : Integer.valueOf(v);
            return this;
        }

        public Builder origin(Origin v) { open().origin = v; return this; }
        public Builder failure(String v) { open().failure = v; return this; }
        public Builder failureDetail(String v) { open().failureDetail = v; return this; }
        public Builder attempts(int v) { open().attempts = v; return this; }
        public Builder bytesIn(long v) { open().bytesIn = v; return this; }
        public Builder bytesOut(long v) { open().bytesOut = v; return this; }
        public Builder connectMs(Long v) { open().connectMs = v; return this; }
        public Builder tlsMs(Long v) { open().tlsMs = v; return this; }
        public Builder ttfbMs(Long v) { open().ttfbMs = v; return this; }
        public Builder durationMs(long v) { open().durationMs = v; return this; }
        public Builder userAgent(String v) { open().userAgent = v; return this; }
        public Builder protocol(String v) { open().protocol = v; return this; }
        public Builder grpcStatus(Integer v) { open().grpcStatus = v; return this; }
        public Builder container(ContainerFacts v) { open().container = v; return this; }
        public Builder heldMs(Long v) { open().heldMs = v; return this; }
        public Builder addRetry(String retryTarget, String retryFailure) {
            open();
            if (retries == null) {
                retries = new ArrayList<>(2);
            }
            retries.add(new RetryRecord(retryTarget, retryFailure));
            return this;
        }

        public Builder addBytesIn(long v) { open().bytesIn += v; return this; }
        public Builder addBytesOut(long v) { open().bytesOut += v; return this; }

        /** The line as filled so far; the builder stays usable, and what it changes later does not touch this line. */
        public AccessLogEntry build() {
            AccessLogEntry line = open();
            Objects.requireNonNull(line.ts, "ts");
            Objects.requireNonNull(line.origin, "origin");
            line.retries = retries == null ? List.of() : List.copyOf(retries);
            built = true;
            return line;
        }
    }
}
