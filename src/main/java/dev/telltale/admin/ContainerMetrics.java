package dev.telltale.admin;

import dev.telltale.container.ContainerEvent;
import dev.telltale.container.ContainerStatus;
import dev.telltale.container.ContainerView;
import dev.telltale.container.Containers;
import dev.telltale.container.TargetContainers;
import dev.telltale.upstream.Target;
import dev.telltale.upstream.Upstream;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Container restarts and OOM kills, counted from the Docker source's events, and the state of
 * each target's containers, read from its snapshot at scrape time. Events arrive on the source's
 * thread and scrapes on the admin loop: the state here is concurrent.
 */
final class ContainerMetrics {

    /**
     * Distinct {@code service} labels; past this, "other". Containers outside Compose are named by
     * their container name, and a host that runs many short-lived ones must not grow the scrape.
     */
    static final int MAX_SERVICES = 100;

    static final String OTHER = "other";

    private final MeterRegistry registry;
    private final MultiGauge state;
    private final Map<String, Counter> restarts = new ConcurrentHashMap<>();
    private final Map<String, Counter> oomKills = new ConcurrentHashMap<>();
    /** Containers that died and did not start again yet: their next start is a restart. */
    private final Set<String> died = ConcurrentHashMap.newKeySet();
    private volatile ContainerView view = ContainerView.NONE;

    ContainerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.state = MultiGauge.builder("telltale.target.container.state")
                .description("containers behind the target in each state (1 for the state of a single container);"
                        + " absent while Docker is not read")
                .register(registry);
    }

    void watch(ContainerView containers) {
        this.view = containers;
    }

    void event(ContainerEvent e) {
        String key = e.id() != null ? e.id() : e.name();
        if (key == null) {
            return;
        }
        switch (e.action()) {
            case "die" -> died.add(key);
            case "start" -> {
                if (died.remove(key)) {
                    counter(restarts, "telltale.container.restarts",
                            "starts of a container after it exited, by Compose service (else container name)", e)
                            .increment();
                }
            }
            case "oom" -> counter(oomKills, "telltale.container.oom.kills",
                    "kills by the kernel for memory, by Compose service (else container name)", e).increment();
            case "destroy" -> died.remove(key);
            default -> {
                // Other actions change no counter.
            }
        }
    }

    private Counter counter(Map<String, Counter> counters, String name, String description, ContainerEvent e) {
        String service = e.service() != null ? e.service() : e.name() != null ? e.name() : "";
        if (!counters.containsKey(service) && counters.size() >= MAX_SERVICES) {
            service = OTHER;
        }
        return counters.computeIfAbsent(service, s -> Counter.builder(name).description(description)
                .tags("service", s).register(registry));
    }

    /** Refreshes the state gauge from the latest snapshot; no rows while no source is read. */
    void refresh(Iterable<Upstream> upstreams) {
        Containers snapshot = view.current();
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        if (snapshot.connected()) {
            for (Upstream upstream : upstreams) {
                for (Target target : upstream.targets()) {
                    rows.addAll(rows(snapshot, upstream, target));
                }
            }
        }
        state.register(rows, true);
    }

    /** Every state, so that "running == 0" can be alerted on; none when the target names no container. */
    private static List<MultiGauge.Row<?>> rows(Containers snapshot, Upstream upstream, Target target) {
        List<TargetContainers.Match> matches = TargetContainers.of(snapshot, target.address());
        if (matches.isEmpty()) {
            return List.of();
        }
        Map<ContainerStatus, Integer> counts = new EnumMap<>(ContainerStatus.class);
        for (TargetContainers.Match match : matches) {
            counts.merge(match.container().status(), 1, Integer::sum);
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (ContainerStatus status : ContainerStatus.values()) {
            rows.add(MultiGauge.Row.of(Tags.of("upstream", upstream.name(), "target", target.toString(),
                    "state", status.wireName()), counts.getOrDefault(status, 0)));
        }
        return rows;
    }
}
