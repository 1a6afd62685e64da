package dev.telltale.route;

import dev.telltale.config.RouteConfig;

import java.util.List;
import java.util.Locale;

/** The route table: the first route whose host and path prefix match the request wins. */
public final class Router {

    private final List<RouteConfig> routes;
    private final HostMatcher[] hosts;

    public Router(List<RouteConfig> routes) {
        this.routes = List.copyOf(routes);
        this.hosts = routes.stream().map(r -> HostMatcher.of(r.match().host())).toArray(HostMatcher[]::new);
    }

    /**
     * The matching route, or null.
     *
     * @param hostHeader the request's Host header as sent (may carry a port, may be null)
     * @param path       the request target's path, without the query
     */
    public RouteConfig match(String hostHeader, String path) {
        // The host is made lower case and stripped of its port only when a route asks about it:
        // routes by path alone need no copy of it.
        String host = null;
        boolean hostNormalized = false;
        for (int i = 0; i < hosts.length; i++) {
            RouteConfig route = routes.get(i);
            if (!route.match().matchesPath(path)) {
                continue;
            }
            if (hosts[i].anyHost()) {
                return route;
            }
            if (!hostNormalized) {
                host = normalizeHost(hostHeader);
                hostNormalized = true;
            }
            if (hosts[i].matches(host)) {
                return route;
            }
        }
        return null;
    }

    /** Lower-cases the host and drops the port, keeping IPv6 literals whole. */
    static String normalizeHost(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty()) {
            return null;
        }
        String host = hostHeader.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(0, end + 1) : host;
        }
        int colon = host.lastIndexOf(':');
        host = colon >= 0 ? host.substring(0, colon) : host;
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /**
     * The request target sent upstream when the route strips its prefix: {@code /api/users?q=1}
     * under {@code /api} becomes {@code /users?q=1}, and {@code /api} itself becomes {@code /}.
     */
    public static String stripPrefix(String uri, String prefix) {
        if (prefix.equals("/") || !uri.startsWith(prefix)) {
            return uri;
        }
        String rest = uri.substring(prefix.length());
        if (rest.isEmpty() || rest.charAt(0) == '?') {
            return "/" + rest;
        }
        return rest.charAt(0) == '/' ? rest : "/" + rest;
    }
}
