package dev.telltale.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
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
        DockerConfig docker,
        boolean watch,
        Duration shutdownGrace,
        TracingConfig tracing) {

    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

    public ProxyConfig {
        // Kept in file order: status pages and start-up probes list upstreams as written.
        upstreams = Collections.unmodifiableMap(new LinkedHashMap<>(upstreams));
        routes = List.copyOf(routes);
    }

    public Optional<UpstreamConfig> upstream(String name) {
        return Optional.ofNullable(upstreams.get(name));
    }
}
