package dev.telltale.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.telltale.config.ProxyConfig;
import dev.telltale.config.RouteConfig;
import dev.telltale.upstream.Upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether this proxy should get traffic, and how its routes stand beside that. The proxy is ready
 * when a config is loaded, its listener is bound and it is not draining. A route whose targets are
 * all down does not make it unready: in front of Kubernetes, that would take every replica out of
 * the Service at once, and clients would get the ingress's bare 503 instead of the proxy's page
 * about that upstream. The routes' state is reported beside the proxy's ({@code /readyz?verbose}),
 * and as a readiness of its own ({@code /readyz/routes}) for a balancer that should send traffic
 * around a proxy whose app is down.
 *
 * @param routes null unless asked for
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Readiness(boolean ready, List<String> reasons, List<Route> routes) {

    /** One route: {@code reason} says why it cannot be served (null when it can). */
    public record Route(String name, String upstream, boolean ready, String reason) {
    }

    public Readiness {
        reasons = List.copyOf(reasons);
        routes = routes == null ? null : List.copyOf(routes);
    }

    /** Ready or not for {@code reasons}, with no routes to report. */
    public Readiness(boolean ready, List<String> reasons) {
        this(ready, reasons, List.of());
    }

    public static Readiness of(ProxyConfig config, Map<String, Upstream> upstreams, boolean listening,
                               boolean draining) {
        List<String> reasons = new ArrayList<>();
        if (!listening && !draining) {
            reasons.add("not listening: the proxy's listener is not bound");
        }
        if (draining) {
            reasons.add("draining: the proxy is shutting down and finishing the requests in flight");
        }
        long now = System.nanoTime();
        List<Route> routes = new ArrayList<>();
        for (RouteConfig route : config.routes()) {
            Upstream upstream = upstreams.get(route.upstream());
            boolean anyUp = upstream != null && upstream.targets().stream().anyMatch(t -> t.available(now));
            String why = anyUp ? null : upstream == null ? "no upstream " + route.upstream() : upstream.downSummary();
            routes.add(new Route(route.name(), route.upstream(), anyUp, why));
        }
        return new Readiness(reasons.isEmpty(), reasons, routes);
    }

    /** The proxy's own readiness, as {@code /readyz} answers it: the routes left out. */
    public Readiness proxyOnly() {
        return new Readiness(ready, reasons, null);
    }

    /** Ready only when the proxy is and every route has a target in rotation; the reasons name the routes. */
    public Readiness everyRoute() {
        List<String> all = new ArrayList<>(reasons);
        if (routes != null) {
            routes.stream().filter(route -> !route.ready())
                    .forEach(route -> all.add("route " + route.name() + ": " + route.reason()));
        }
        return new Readiness(all.isEmpty(), all, null);
    }
}
