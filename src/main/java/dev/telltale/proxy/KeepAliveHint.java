package dev.telltale.proxy;


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

    /** From the value of a {@code Keep-Alive} field, null when there was none. */
    static long nanos(String value) {
        if (value == null) {
            return NONE;
        }
        for (String part : value.split(",")) {
            String option = part.trim();
            if (option.regionMatches(true, 0, "timeout=", 0, 8)) {
                try {
                    long seconds = Long.parseLong(option.substring(8).trim());
                    return TimeUnit.SECONDS.toNanos(Math.max(0, seconds - MARGIN_SECONDS));
                } catch (NumberFormatException e) {
                    return NONE;
                }
            }
        }
        return NONE;
    }
}
