package dev.telltale.config;

import java.util.Set;

/**
 * A route with its effective settings: the route's own values where it set them, the
 * {@code defaults} otherwise. {@code overridden} holds the setting paths the route set itself
 * (e.g. {@code timeouts.response_header}) so that a page can name the exact YAML key that applied.
 */
public record RouteConfig(
        String name,
        RouteMatch match,
        String upstream,
        boolean stripPrefix,
        TimeoutsConfig timeouts,
        LimitsConfig limits,
        RetryConfig retry,
        Set<String> overridden) {

    public RouteConfig {
        overridden = Set.copyOf(overridden);
    }

    /** The YAML key that set {@code setting} for this route, e.g. {@code routes[api].timeouts.connect}. */
    public String keyOf(String setting) {
        return overridden.contains(setting) ? "routes[" + name + "]." + setting : "defaults." + setting;
    }
}
