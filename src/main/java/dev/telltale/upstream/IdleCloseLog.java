package dev.telltale.upstream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/** The one warning a learnt idle limit is worth: what was seen, what the proxy does now, the key that says it. */
final class IdleCloseLog {

    private static final Logger LOG = LoggerFactory.getLogger("telltale.pool");

    private IdleCloseLog() {
    }

    /** Logging is asynchronous (logback.xml), so this may run on an event loop. */
    static void learnt(Upstream upstream, Target target, long limitNanos) {
        long keepMillis = TimeUnit.NANOSECONDS.toMillis(IdleCloses.keep(limitNanos));
        LOG.warn("upstream {}: target {} closes connections idle for {} without announcing it (no Keep-Alive: "
                        + "timeout); pooled connections to it now retire after {} ms. To state it: "
                        + "upstreams.{}.pool.idle_timeout: {}ms",
                upstream.name(), target, seconds(limitNanos), keepMillis, upstream.name(), keepMillis);
    }

    /** "1.02 s": idle limits are seconds, and their hundredths matter near the margin. */
    static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
