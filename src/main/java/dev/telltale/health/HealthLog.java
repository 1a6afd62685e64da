package dev.telltale.health;

import dev.telltale.accesslog.AccessLog;
import dev.telltale.accesslog.HealthEvent;
import dev.telltale.upstream.Target;
import dev.telltale.upstream.TargetDown;
import dev.telltale.upstream.Upstream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * Makes health transitions happen once each and tells of them twice: a structured line in the
 * access log (the incident timeline) and a line in the application log.
 */
final class HealthLog {

    private static final Logger LOG = LoggerFactory.getLogger("telltale.health");

    private final AccessLog accessLog;

    HealthLog(AccessLog accessLog) {
        this.accessLog = accessLog;
    }

    void goDown(Upstream upstream, Target target, TargetDown expected, TargetDown next) {
        if (target.transition(expected, next)) {
            String failure = next.failure() == null ? null : next.failure().wireName();
            accessLog.write(new HealthEvent(Instant.now(), upstream.name(), target.toString(), "up", "down", failure,
                    next.detail(), next.reason()));
            LOG.warn("upstream {}: target {} is down: {}", upstream.name(), target, next.describe(target));
        }
    }

    void goUp(Upstream upstream, Target target, TargetDown expected, String reason) {
        if (target.transition(expected, null)) {
            accessLog.write(new HealthEvent(Instant.now(), upstream.name(), target.toString(), "down", "up", null,
                    null, reason));
            LOG.info("upstream {}: target {} is back up ({})", upstream.name(), target, reason);
        }
    }
}
