package dev.telltale.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binds {@code routes}: each route's match, its upstream (which must exist), and its own
 * timeouts, limits and retry laid over {@code defaults}.
 */
final class RouteBinder {

    static final List<String> ROUTE_KEYS =
            List.of("name", "match", "upstream", "strip_prefix", "timeouts", "limits", "retry");
    static final List<String> MATCH_KEYS = List.of("host", "path_prefix", "path");

    private static final ValueType<String> NAME = ValueType.matching(UpstreamBinder.NAME,
            "a route name of " + UpstreamBinder.NAME_RULE);
    private static final ValueType<String> HOST =
            ValueType.of("a host name or *.suffix (examples: example.com, *.example.com)", HostSyntax::hostPattern);
    private static final ValueType<String> PATH_PREFIX = ValueType.matching(
            Pattern.compile("/[^\\s?#]*"), "a path prefix starting with / (examples: /, /api)");

    private static final ValueType<String> PATH = ValueType.matching(
            Pattern.compile("/[^\\s?#]*"), "a path starting with / (examples: /, /health)");

    private RouteBinder() {
    }

    static List<RouteConfig> routes(NodeReader node, Set<String> upstreamNames, DefaultsConfig defaults) {
        List<RouteConfig> routes = new ArrayList<>();
        List<NodeReader> items = node.asList("a list of routes, each with name, match and upstream");
        if (items.isEmpty() && node.node() instanceof YamlNode.Sequence) {
            node.error("needs at least one route, e.g. `- { name: web, upstream: app }`");
        }
        Map<String, String> pathByName = new HashMap<>();
        for (NodeReader item : items) {
            if (item.isNull()) {
                item.error("expected a route (a mapping with name, match and upstream), found " + item.node().describe());
                continue;
            }
            MapReader m = item.asMap(ROUTE_KEYS);
            if (m.present()) {
                routes.add(route(m, upstreamNames, defaults, pathByName));
            }
        }
        return routes;
    }

    private static RouteConfig route(MapReader m, Set<String> upstreamNames, DefaultsConfig defaults,
                                     Map<String, String> pathByName) {
        String name = m.required("name", NAME, "every route needs a `name` (used in logs, pages and metrics)");
        if (name != null) {
            String first = pathByName.putIfAbsent(name, m.self().path());
            if (first != null) {
                m.get("name").error("route name `" + name + "` is already used by " + first);
            }
        }
        Set<String> overridden = new HashSet<>();
        return new RouteConfig(
                name == null ? "" : name,
                match(m.section("match", MATCH_KEYS)),
                upstream(m, upstreamNames),
                m.value("strip_prefix", false, ValueType.BOOLEAN),
                SettingsBinder.timeouts(m, defaults.timeouts(), overridden),
                SettingsBinder.limits(m, defaults.limits(), overridden),
                SettingsBinder.retry(m, defaults.retry(), overridden),
                overridden);
    }

    private static RouteMatch match(MapReader m) {
        String host = m.optional("host", HOST);
        String exact = m.optional("path", PATH);
        if (exact != null && m.get("path_prefix") != null) {
            m.get("path").error("write `path` (this path exactly) or `path_prefix` (paths starting with it), not both");
        }
        return exact != null ? new RouteMatch(host, exact, exact)
                : new RouteMatch(host, m.value("path_prefix", RouteMatch.ANY.pathPrefix(), PATH_PREFIX));
    }

    private static String upstream(MapReader m, Set<String> upstreamNames) {
        String defined = upstreamNames.isEmpty() ? "none is defined" : "defined: " + String.join(", ", upstreamNames);
        String name = m.required("upstream", ValueType.TEXT, "every route needs an `upstream` (" + defined + ")");
        if (name == null) {
            return "";
        }
        if (!upstreamNames.isEmpty() && !upstreamNames.contains(name)) {
            String hint = DidYouMean.hint(name, upstreamNames);
            m.get("upstream").error("no upstream is named " + Quoted.of(name)
                    + (hint.isEmpty() ? " (" + defined + ")" : hint));
        }
        return name;
    }
}
