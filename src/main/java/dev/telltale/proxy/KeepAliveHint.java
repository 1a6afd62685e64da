package dev.telltale.proxy;

import dev.telltale.http1.ResponseHead;

import java.util.concurrent.TimeUnit;

/**
 * How long a pooled connection may idle before the upstream's own limit closes it, from
 * {@code Keep-Alive: timeout=N}. A second is kept in hand so the proxy retires the connection
 * before the upstream does, which is what keeps the keep-alive race rare.
 */
final class KeepAliveHint {

    static final long NONE = Long.MAX_VALUE;
    private static final long MARGIN_SECONDS = 1;

    private KeepAliveHint() {
    }

    /** From {@code Keep-Alive: timeout=N} of {@code head}, read on its bytes. */
    static long nanos(ResponseHead head) {
        long seconds = head.keepAliveTimeoutSeconds();
        return seconds < 0 ? NONE : TimeUnit.SECONDS.toNanos(Math.max(0, seconds - MARGIN_SECONDS));
    }
}
