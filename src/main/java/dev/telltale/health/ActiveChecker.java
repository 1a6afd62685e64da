package dev.telltale.health;

import dev.telltale.config.HealthCheckConfig;
import dev.telltale.upstream.ConnectionPools;
import dev.telltale.upstream.Target;
import dev.telltale.upstream.TargetDown;
import dev.telltale.upstream.Upstream;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Active health of one target: a probe every {@code interval}, down after
 * {@code unhealthy_threshold} failed checks in a row, up again after {@code healthy_threshold}
 * good ones. Runs on one event loop, which alone touches its counters.
 */
final class ActiveChecker {

    private final Upstream upstream;
    private final Target target;
    private final HealthCheckConfig config;
    private final ConnectionPools pools;
    private final EventLoop loop;
    private final HealthLog log;
    private int failuresInARow;
    private int successesInARow;
    private Instant failingSince;
    private boolean probing;
    private ScheduledFuture<?> schedule;

    ActiveChecker(Upstream upstream, Target target, HealthCheckConfig config, ConnectionPools pools,
                  EventLoop loop, HealthLog log) {
        this.upstream = upstream;
        this.target = target;
        this.config = config;
        this.pools = pools;
        this.loop = loop;
        this.log = log;
    }

    void start() {
        long interval = config.interval().toNanos();
        schedule = loop.scheduleAtFixedRate(this::check, 0, interval, TimeUnit.NANOSECONDS);
    }

    void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }

    private void check() {
        if (probing) {
            return;
        }
        probing = true;
        HealthProbe.run(loop, pools, target, config, upstream.name())
                .addListener((Future<ProbeResult> done) -> {
                    probing = false;
                    if (done.isSuccess()) {
                        record(done.getNow());
                    }
                });
    }

    private void record(ProbeResult result) {
        TargetDown current = target.down();
        if (result.healthy()) {
            failuresInARow = 0;
            failingSince = null;
            successesInARow++;
            if (current != null && successesInARow >= config.healthyThreshold()) {
                log.goUp(upstream, target, current, successesInARow + " good health checks (GET " + config.path() + ")");
            }
            return;
        }
        successesInARow = 0;
        failuresInARow++;
        if (failingSince == null) {
            failingSince = Instant.now();
        }
        if (failuresInARow >= config.unhealthyThreshold() && (current == null || current.untilNanos() != Long.MAX_VALUE)) {
            log.goDown(upstream, target, current, new TargetDown(result.failure(), result.detail(), failingSince,
                    failuresInARow + " failed health checks (GET " + config.path() + ")", Long.MAX_VALUE));
        }
    }
}
