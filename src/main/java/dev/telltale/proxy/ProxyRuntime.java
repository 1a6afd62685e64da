package dev.telltale.proxy;

import dev.telltale.accesslog.AccessLog;
import dev.telltale.config.ProxyConfig;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.container.ContainerView;
import dev.telltale.container.KnownDown;
import dev.telltale.diagnostics.DetailPolicy;
import dev.telltale.diagnostics.IncidentStore;
import dev.telltale.route.Router;
import dev.telltale.upstream.ConnectSettings;
import dev.telltale.upstream.ConnectionPools;
import dev.telltale.upstream.ExchangeListener;
import dev.telltale.upstream.ExchangeListeners;
import dev.telltale.upstream.Upstream;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Everything an exchange needs, built from one config snapshot. Immutable. */
public final class ProxyRuntime {

    private final ProxyConfig config;
    private final Router router;
    private final Map<String, Upstream> upstreams;
    private final ConnectionPools pools;
    private final AccessLog accessLog;
    private final IncidentStore incidents;
    private final DetailPolicy detailPolicy;
    private final Map<String, ConnectSettings> connectSettings;
    private final ContainerView containers;
    private final KnownDown knownDown;
    private final ExchangeListener listeners;

    public ProxyRuntime(ProxyConfig config, ConnectionPools pools, AccessLog accessLog, IncidentStore incidents) {
        this(config, pools, accessLog, incidents, ContainerView.NONE);
    }

    public ProxyRuntime(ProxyConfig config, ConnectionPools pools, AccessLog accessLog, IncidentStore incidents,
                        ContainerView containers) {
        this(config, pools, accessLog, incidents, containers, ExchangeListeners.withTargetOutcomes());
    }

    /** {@code listeners} hear every exchange; the server keeps them across reloads. */
    public ProxyRuntime(ProxyConfig config, ConnectionPools pools, AccessLog accessLog, IncidentStore incidents,
                        ContainerView containers, ExchangeListener listeners) {
        this.config = config;
        this.listeners = listeners;
        this.containers = containers;
        this.knownDown = new KnownDown(containers);
        this.router = new Router(config.routes());
        Map<String, Upstream> built = new LinkedHashMap<>();
        config.upstreams().forEach((name, upstream) -> built.put(name, new Upstream(upstream)));
        // In the config's order, so that status pages and metrics list upstreams as the file does.
        this.upstreams = java.util.Collections.unmodifiableMap(built);
        this.pools = pools;
        this.accessLog = accessLog;
        this.incidents = incidents;
        this.detailPolicy = new DetailPolicy(config.errorPages());
        Map<String, ConnectSettings> settings = new HashMap<>();
        for (RouteConfig route : config.routes()) {
            UpstreamConfig target = config.upstreams().get(route.upstream());
            if (target != null) {
                settings.put(route.name(), connectSettingsOf(route, target));
            }
        }
        this.connectSettings = Map.copyOf(settings);
    }

    /** Built once per config, not per attempt: the route's limits as a connection attempt needs them. */
    private static ConnectSettings connectSettingsOf(RouteConfig route, UpstreamConfig upstream) {
        return new ConnectSettings(route.timeouts().connect(), route.keyOf("timeouts.connect"),
                route.timeouts().tlsHandshake(), route.keyOf("timeouts.tls_handshake"),
                (int) Math.min(Integer.MAX_VALUE, route.limits().maxResponseHeaderBytes()),
                upstream.pool().maxConnections(), "upstreams." + upstream.name() + ".pool.max_connections");
    }

    ConnectSettings connectSettings(RouteConfig route) {
        return connectSettings.get(route.name());
    }

    public ProxyConfig config() {
        return config;
    }

    Router router() {
        return router;
    }

    Upstream upstream(String name) {
        return upstreams.get(name);
    }

    public Map<String, Upstream> upstreams() {
        return upstreams;
    }

    ConnectionPools pools() {
        return pools;
    }

    AccessLog accessLog() {
        return accessLog;
    }

    public IncidentStore incidents() {
        return incidents;
    }

    /** What Docker knows of the app's containers; empty when no runtime source is configured. */
    public ContainerView containers() {
        return containers;
    }

    /** Heard at every step of every exchange, and at the end of every request the proxy answers. */
    ExchangeListener listeners() {
        return listeners;
    }

    KnownDown knownDown() {
        return knownDown;
    }

    DetailPolicy detailPolicy() {
        return detailPolicy;
    }
}
