package dev.telltale.upstream;

import dev.telltale.config.UpstreamConfig;

import java.util.List;
import java.util.Set;

/**
 * A configured upstream at run time: its targets, how one is chosen, and its TLS client context,
 * built once here (not per connection) and shared by every target.
 */
public final class Upstream {

    private final UpstreamConfig config;
    private final List<Target> targets;
    private final Balancer balancer;
    private final HoldGate hold = new HoldGate();

    /** @throws IllegalArgumentException when {@code tls.ca_file} cannot be loaded */
    public Upstream(UpstreamConfig config) {
        this.config = config;
        UpstreamTls tls = UpstreamTls.of(config.name(), config.tls(), config.protocol().http2());
        this.targets = config.targets().stream().map(address -> new Target(address, tls, config.protocol())).toList();
        this.balancer = Balancer.of(config.balance());
        // A target back in rotation (a health check passed) ends the wait of every held request at once.
        targets.forEach(target -> target.whenBackUp(hold::wakeAll));
        targets.forEach(target -> target.idleCloses().whenLearnt(limit -> IdleCloseLog.learnt(this, target, limit)));
    }

    /** The requests waiting for this upstream to come back. */
    public HoldGate hold() {
        return hold;
    }

    public String name() {
        return config.name();
    }

    public UpstreamConfig config() {
        return config;
    }

    public List<Target> targets() {
        return targets;
    }

    /**
     * The target for the next attempt among those in rotation, one not yet tried when there is
     * one; null when every target is down.
     */
    public Target pick(Set<Target> alreadyTried) {
        long now = System.nanoTime();
        List<Target> available = targets;
        for (Target target : targets) {
            if (!target.available(now)) {
                available = targets.stream().filter(t -> t.available(now)).toList();
                break;
            }
        }
        return available.isEmpty() ? null : balancer.pick(available, alreadyTried);
    }

    /** Why each target is down, one per line, for the destination_unavailable page. */
    public String downSummary() {
        StringBuilder out = new StringBuilder("every target of upstream " + name() + " is down");
        for (Target target : targets) {
            TargetDown down = target.down();
            if (down != null) {
                out.append("; ").append(down.describe(target));
            }
        }
        return out.toString();
    }
}
