package dev.telltale.health;

import dev.telltale.config.OutlierConfig;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.upstream.ExchangeListener;
import dev.telltale.upstream.Target;
import dev.telltale.upstream.TargetDown;
import dev.telltale.upstream.Upstream;

import java.time.Instant;

/**
 * Passive health: a target that fails {@code outlier.consecutive_failures} exchanges in a row is
 * taken out of rotation for {@code outlier.ejection}; after that it gets real traffic again, and
 * its first success brings it back (one more failure ejects it again).
 */
final class OutlierDetector implements ExchangeListener {

    private final Upstream upstream;
    private final OutlierConfig config;
    private final HealthLog log;

    OutlierDetector(Upstream upstream, OutlierConfig config, HealthLog log) {
        this.upstream = upstream;
        this.config = config;
        this.log = log;
    }

    @Override
    public void attemptFailed(Target target, ExchangeFailure failure) {
        int consecutiveFailures = target.consecutiveFailures();
        TargetDown current = target.down();
        if (consecutiveFailures < config.consecutiveFailures() || !target.available(System.nanoTime())) {
            return;
        }
        TargetDown ejected = new TargetDown(failure.failure(), failure.detail(),
                current == null ? Instant.now() : current.since(),
                "ejected after " + consecutiveFailures + " consecutive failures, for "
                        + config.ejection().toSeconds() + "s",
                System.nanoTime() + config.ejection().toNanos());
        log.goDown(upstream, target, current, ejected);
    }

    @Override
    public void headReceived(Target target, int status) {
        TargetDown current = target.down();
        if (current != null && target.available(System.nanoTime())) {
            log.goUp(upstream, target, current, "answered again after its ejection");
        }
    }
}
