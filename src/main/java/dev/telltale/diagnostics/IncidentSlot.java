package dev.telltale.diagnostics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;

/**
 * One place in the {@link IncidentStore}'s ring, written over and over: an incident kept here is
 * only fields (its ID as two longs where it is one the proxy made, its time and timings as
 * numbers, the rest the shared report it repeats), so keeping one allocates nothing. Writers and
 * readers on any thread meet through {@code version}, as in a sequence lock: odd while written,
 * even once written, so a reader that sees it unchanged around its reads has read one incident
 * whole.
 */
final class IncidentSlot {

    private static final VarHandle VERSION;
    private static final long NONE = Long.MIN_VALUE;

    static {
        try {
            VERSION = MethodHandles.lookup().findVarHandle(IncidentSlot.class, "version", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** 0: never written; odd: being written for ticket {@code version / 2}; even: holds ticket {@code version / 2 - 1}. */
    private volatile long version;
    private long idHigh;
    private long idLow;
    private String id; // null when the ID is in idHigh and idLow
    private long epochSecond;
    private int nano;
    private long storedNanos;
    private long connectMs;
    private long tlsMs;
    private long ttfbMs;
    private long durationMs;
    private long heldMs;
    private String method;
    private String host;
    private String path;
    private String traceId;
    private ErrorReport shape;

    /**
     * Keeps {@code report} as incident number {@code ticket}, told apart from {@code shape} only by
     * what the slot holds itself; false when a newer incident has the slot already (this one would
     * have been the first to go).
     */
    boolean write(long ticket, ErrorReport report, ErrorReport shape, long nowNanos) {
        long writing = ticket * 2 + 1;
        for (;;) {
            long seen = version;
            long holder = (seen & 1) == 1 ? seen / 2 : seen / 2 - 1;
            if (seen != 0 && holder > ticket) {
                return false;
            }
            if ((seen & 1) == 0 && VERSION.compareAndSet(this, seen, writing)) {
                break;
            }
            Thread.onSpinWait(); // another writer, a whole ring of incidents behind: it is nearly done
        }
        String requestId = report.requestId();
        idHigh = RequestIdBits.high(requestId);
        idLow = RequestIdBits.low(requestId);
        id = idHigh == RequestIdBits.NOT_ENCODABLE || idLow == RequestIdBits.NOT_ENCODABLE ? requestId : null;
        Instant timestamp = report.timestamp();
        epochSecond = timestamp == null ? NONE : timestamp.getEpochSecond();
        nano = timestamp == null ? 0 : timestamp.getNano();
        storedNanos = nowNanos;
        ErrorReport.Timings timings = report.timings();
        connectMs = number(timings.connectMs());
        tlsMs = number(timings.tlsMs());
        ttfbMs = number(timings.ttfbMs());
        durationMs = number(timings.durationMs());
        heldMs = number(timings.heldMs());
        method = same(report.method(), shape.method());
        host = same(report.host(), shape.host());
        path = same(report.path(), shape.path());
        traceId = report.traceId(); // made for the request already: keeping it allocates nothing
        this.shape = shape;
        version = writing + 1;
        return true;
    }

    /** True when the slot may hold {@code requestId}; {@link #read} says for sure. */
    boolean mayHold(String requestId, long high, long low) {
        return id == null ? idHigh == high && idLow == low : requestId.equals(id);
    }

    /**
     * The incident number {@code ticket} (any when negative) held here, read whole, or null when the
     * slot holds another, is being written, or holds one older than {@code maxAgeNanos} (0: any age).
     */
    ErrorReport read(long ticket, long nowNanos, long maxAgeNanos) {
        for (int tries = 0; tries < 3; tries++) {
            long before = version;
            if (before == 0 || (before & 1) == 1 || ticket >= 0 && before != ticket * 2 + 2) {
                return null;
            }
            ErrorReport report = snapshot();
            long stored = storedNanos;
            VarHandle.acquireFence(); // the reads above happen before the version is read again
            if (version == before) {
                return maxAgeNanos > 0 && nowNanos - stored > maxAgeNanos ? null : report;
            }
        }
        return null;
    }

    private ErrorReport snapshot() {
        ErrorReport whole = shape;
        if (whole == null) {
            return null;
        }
        String requestId = id != null ? id : RequestIdBits.decode(idHigh, idLow);
        Instant timestamp = epochSecond == NONE ? null : Instant.ofEpochSecond(epochSecond, nano);
        ErrorReport.Timings timings = new ErrorReport.Timings(boxed(connectMs), boxed(tlsMs), boxed(ttfbMs),
                boxed(durationMs), boxed(heldMs));
        return new ErrorReport(whole.failure(), requestId, timestamp, whole.phase(), whole.detail(), method, host,
                path, whole.route(), whole.upstream(), whole.target(), whole.configKey(), whole.attempts(), timings,
                whole.container(), whole.hold(), traceId);
    }

    private static long number(Long value) {
        return value == null ? NONE : value;
    }

    private static Long boxed(long value) {
        return value == NONE ? null : value;
    }

    /** The shape's own text where it is equal: a storm's requests then keep no text of their own. */
    private static String same(String text, String shapes) {
        return text != null && text.equals(shapes) ? shapes : text;
    }
}
