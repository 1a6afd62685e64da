package dev.telltale.upstream;

import dev.telltale.failure.Failure;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Why a target is out of rotation and since when. {@code failure} is the last failure class seen
 * (null when a health check got an unhealthy answer rather than a failure); {@code untilNanos}
 * ends a passive ejection ({@link Long#MAX_VALUE} for a target an active check marked down).
 */
public record TargetDown(Failure failure, String detail, Instant since, String reason, long untilNanos) {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /** A passive ejection whose time is up: the target may be tried again. */
    boolean expired(long nowNanos) {
        return untilNanos != Long.MAX_VALUE && nowNanos - untilNanos >= 0;
    }

    /** One line a person can act on: {@code app:3000: connection_refused since 14:02:11 UTC (3 failed checks): ...}. */
    public String describe(Target target) {
        return target + ": " + (failure == null ? "unhealthy" : failure.wireName()) + " since "
                + CLOCK.format(since) + " UTC (" + reason + ")" + (detail == null ? "" : ": " + detail);
    }
}
