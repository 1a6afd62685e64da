package dev.telltale.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One loaded, validated configuration snapshot. Immutable; swapped whole on reload. */
public record ProxyConfig(
        Path source,
        ListenConfig listen,
        AdminConfig admin,
        DefaultsConfig defaults,
        Map<String, UpstreamConfig> upstreams,
        List<RouteConfig> routes,
        ErrorPagesConfig errorPages,
        RequestIdConfig requestId,
        AccessLogConfig accessLog,
        IncidentsConfig incidents,
        boolean watch,
        Duration shutdownGrace) {

    public ProxyConfig {
        upstreams = Map.copyOf(upstreams);
        routes = List.copyOf(routes);
    }

    public Optional<UpstreamConfig> upstream(String name) {
        return Optional.ofNullable(upstreams.get(name));
    }
}
