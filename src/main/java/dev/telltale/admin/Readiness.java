package dev.telltale.admin;

import dev.telltale.config.ProxyConfig;
import dev.telltale.config.RouteConfig;
import dev.telltale.upstream.Upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether the proxy should get traffic: a config is loaded, every route has a target in
 * rotation, and it is not draining. When not, {@code reasons} says which route and why.
 */
public record Readiness(boolean ready, List<String> reasons) {

    public Readiness {
        reasons = List.copyOf(reasons);
    }

    public static Readiness of(ProxyConfig config, Map<String, Upstream> upstreams, boolean draining) {
        List<String> reasons = new ArrayList<>();
        if (draining) {
            reasons.add("draining: the proxy is shutting down and finishing the requests in flight");
        }
        long now = System.nanoTime();
        for (RouteConfig route : config.routes()) {
            Upstream upstream = upstreams.get(route.upstream());
            boolean anyUp = upstream != null && upstream.targets().stream().anyMatch(t -> t.available(now));
            if (!anyUp) {
                reasons.add("route " + route.name() + ": " + (upstream == null ? "no upstream " + route.upstream()
                        : upstream.downSummary()));
            }
        }
        return new Readiness(reasons.isEmpty(), reasons);
    }
}
