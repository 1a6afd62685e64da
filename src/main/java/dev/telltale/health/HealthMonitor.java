package dev.telltale.health;

import dev.telltale.accesslog.AccessLog;
import dev.telltale.upstream.ConnectionPools;
import dev.telltale.upstream.Target;
import dev.telltale.upstream.Upstream;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Health for the upstreams of one config: passive outlier ejection where {@code outlier} is set,
 * active checks where {@code health_check} is set. Off the request path: checks run on timers,
 * ejection is decided from outcomes the exchanges report.
 */
public final class HealthMonitor implements AutoCloseable {

    private final List<ActiveChecker> checkers = new ArrayList<>();
    private final List<Target> observed = new ArrayList<>();

    private HealthMonitor() {
    }

    public static HealthMonitor start(Collection<Upstream> upstreams, ConnectionPools pools, EventLoopGroup loops,
                                      AccessLog accessLog) {
        HealthMonitor monitor = new HealthMonitor();
        HealthLog log = new HealthLog(accessLog);
        for (Upstream upstream : upstreams) {
            if (upstream.config().outlier() != null) {
                OutlierDetector detector = new OutlierDetector(upstream, upstream.config().outlier(), log);
                for (Target target : upstream.targets()) {
                    target.listener(detector);
                    monitor.observed.add(target);
                }
            }
            if (upstream.config().healthCheck() != null) {
                for (Target target : upstream.targets()) {
                    ActiveChecker checker = new ActiveChecker(upstream, target, upstream.config().healthCheck(),
                            pools, (EventLoop) loops.next(), log);
                    monitor.checkers.add(checker);
                    checker.start();
                }
            }
        }
        return monitor;
    }

    @Override
    public void close() {
        checkers.forEach(ActiveChecker::stop);
        observed.forEach(target -> target.listener(null));
    }
}
