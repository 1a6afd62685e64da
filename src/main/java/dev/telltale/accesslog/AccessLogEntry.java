package dev.telltale.accesslog;

import dev.telltale.container.ContainerFacts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One access-log line: what happened to one request. Strings and boxed numbers are null when
 * unknown or not measured; {@code retries} lists the earlier failed attempts, oldest first.
 */
public record AccessLogEntry(
        Instant ts,
        String requestId,
        String client,
        String method,
        String host,
        String path,
        String route,
        String upstream,
        String target,
        int status,
        Integer upstreamStatus,
        Origin origin,
        String failure,
        String failureDetail,
        int attempts,
        List<RetryRecord> retries,
        long bytesIn,
        long bytesOut,
        Long connectMs,
        Long tlsMs,
        Long ttfbMs,
        long durationMs,
        String userAgent,
        ContainerFacts container,
        Long heldMs) {

    public AccessLogEntry {
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(origin, "origin");
        retries = retries == null ? List.of() : List.copyOf(retries);
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

    /**
     * Collects the fields over the life of a request. Not thread-safe: it belongs to the one
     * exchange that fills it. {@code origin} starts as {@code PROXY} because until an upstream
     * response is relayed, any status the client gets comes from the proxy.
     */
    public static final class Builder {
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
        private Origin origin = Origin.PROXY;
        private String failure;
        private String failureDetail;
        private int attempts;
        /** Made at the first retry: most requests have none. */
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

        private Builder() {
        }

        public Builder ts(Instant v) { ts = v; return this; }
        public Builder requestId(String v) { requestId = v; return this; }
        public Builder client(String v) { client = v; return this; }
        public Builder method(String v) { method = v; return this; }
        public Builder host(String v) { host = v; return this; }
        public Builder path(String v) { path = v; return this; }
        public Builder route(String v) { route = v; return this; }
        public Builder upstream(String v) { upstream = v; return this; }
        public Builder target(String v) { target = v; return this; }
        public Builder status(int v) { status = v; return this; }
        public Builder upstreamStatus(Integer v) { upstreamStatus = v; return this; }
        public Builder origin(Origin v) { origin = v; return this; }
        public Builder failure(String v) { failure = v; return this; }
        public Builder failureDetail(String v) { failureDetail = v; return this; }
        public Builder attempts(int v) { attempts = v; return this; }
        public Builder addRetry(String retryTarget, String retryFailure) {
            if (retries == null) {
                retries = new ArrayList<>(2);
            }
            retries.add(new RetryRecord(retryTarget, retryFailure));
            return this;
        }
        public Builder bytesIn(long v) { bytesIn = v; return this; }
        public Builder addBytesIn(long v) { bytesIn += v; return this; }
        public Builder bytesOut(long v) { bytesOut = v; return this; }
        public Builder addBytesOut(long v) { bytesOut += v; return this; }
        public Builder connectMs(Long v) { connectMs = v; return this; }
        public Builder tlsMs(Long v) { tlsMs = v; return this; }
        public Builder ttfbMs(Long v) { ttfbMs = v; return this; }
        public Builder durationMs(long v) { durationMs = v; return this; }
        public Builder userAgent(String v) { userAgent = v; return this; }
        public Builder container(ContainerFacts v) { container = v; return this; }
        public Builder heldMs(Long v) { heldMs = v; return this; }

        /** Snapshots the fields so far; the builder stays usable. */
        public AccessLogEntry build() {
            return new AccessLogEntry(ts, requestId, client, method, host, path, route, upstream,
                    target, status, upstreamStatus, origin, failure, failureDetail, attempts,
                    retries, bytesIn, bytesOut, connectMs, tlsMs, ttfbMs, durationMs, userAgent, container,
                    heldMs);
        }
    }
}
