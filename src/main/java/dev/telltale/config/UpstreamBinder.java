package dev.telltale.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Binds {@code upstreams}: named groups of targets with their balancing, TLS, pool and health settings. */
final class UpstreamBinder {

    static final List<String> UPSTREAM_KEYS = List.of("targets", "balance", "protocol", "tls", "pool", "health_check",
            "outlier");
    static final List<String> TLS_KEYS = List.of("enabled", "verify", "ca_file", "sni");
    static final List<String> POOL_KEYS = List.of("max_connections", "idle_timeout");
    static final List<String> HEALTH_CHECK_KEYS =
            List.of("path", "interval", "timeout", "healthy_threshold", "unhealthy_threshold");
    static final List<String> OUTLIER_KEYS = List.of("consecutive_failures", "ejection");

    /** Names show up in pages, logs and metric labels, so they stay plain. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    static final String NAME_RULE = "letters, digits, '_', '.' and '-'";

    private static final ValueType<TargetAddress> TARGET =
            new ValueType<>("host:port (examples: app:3000, 10.0.0.5:8080, [::1]:3000)", HostSyntax::target);
    private static final ValueType<Balance> BALANCE = ValueType.oneOf(Balance.class, Balance::yamlName);
    private static final ValueType<UpstreamProtocol> PROTOCOL =
            ValueType.oneOf(UpstreamProtocol.class, UpstreamProtocol::yamlName);
    private static final ValueType<String> HEALTH_PATH = ValueType.matching(
            Pattern.compile("/[^\\s?#]*(\\?\\S*)?"), "a request path starting with / (example: /health)");
    private static final ValueType<Integer> AT_LEAST_ONE = ValueType.integer(1, Integer.MAX_VALUE);

    private UpstreamBinder() {
    }

    /** In file order. */
    static Map<String, UpstreamConfig> upstreams(NodeReader node) {
        Map<String, UpstreamConfig> upstreams = new LinkedHashMap<>();
        List<NodeReader.NamedNode> entries = node.asNamedEntries("a mapping of upstream names to their targets");
        if (entries.isEmpty() && node.node() instanceof YamlNode.Mapping) {
            node.error("needs at least one upstream, e.g. `app: { targets: [ \"app:3000\" ] }`");
        }
        for (NodeReader.NamedNode entry : entries) {
            if (!NAME.matcher(entry.name()).matches()) {
                entry.errorAtKey("upstream name `" + entry.name() + "` may contain only " + NAME_RULE);
            }
            upstreams.put(entry.name(), upstream(entry.name(), entry.value().asMap(UPSTREAM_KEYS)));
        }
        return upstreams;
    }

    private static UpstreamConfig upstream(String name, MapReader m) {
        if (m.self().isNull()) {
            m.self().error("expected the upstream's settings, at least `targets: [ \"host:port\" ]`");
        }
        List<TargetAddress> targets = targets(m);
        Balance balance = m.value("balance", Balance.ROUND_ROBIN, BALANCE);
        UpstreamProtocol protocol = m.value("protocol", UpstreamProtocol.HTTP1, PROTOCOL);
        UpstreamTlsConfig tls = tls(m.section("tls", TLS_KEYS));
        if (protocol == UpstreamProtocol.H2 && !tls.enabled()) {
            m.get("protocol").error("h2 is HTTP/2 over TLS: add `tls: { enabled: true }`, or use h2c for cleartext");
        } else if (protocol == UpstreamProtocol.H2C && tls.enabled()) {
            m.get("protocol").error("h2c is HTTP/2 in cleartext, but tls is enabled: use h2 for HTTP/2 over TLS");
        }
        return new UpstreamConfig(name, targets, balance, tls,
                pool(m.section("pool", POOL_KEYS)),
                healthCheck(m.section("health_check", HEALTH_CHECK_KEYS)),
                outlier(m.section("outlier", OUTLIER_KEYS)),
                protocol);
    }

    private static List<TargetAddress> targets(MapReader m) {
        NodeReader targets = m.get("targets");
        if (targets == null) {
            if (m.present()) {
                m.missing("targets", "an upstream needs at least one target (host:port)");
            }
            return List.of();
        }
        if (targets.node() instanceof YamlNode.Sequence list && list.items().isEmpty()) {
            targets.error("needs at least one target (host:port, e.g. app:3000)");
        }
        return m.values("targets", List.of(), TARGET);
    }

    private static UpstreamTlsConfig tls(MapReader m) {
        UpstreamTlsConfig d = UpstreamTlsConfig.DISABLED;
        Path caFile = m.optional("ca_file", ValueType.path(m.context().configDirectory()));
        return new UpstreamTlsConfig(
                m.value("enabled", d.enabled(), ValueType.BOOLEAN),
                m.value("verify", d.verify(), ValueType.BOOLEAN),
                caFile,
                m.optional("sni", ValueType.of("a host name (example: app.internal)", HostSyntax::serverName)));
    }

    private static PoolConfig pool(MapReader m) {
        PoolConfig d = PoolConfig.DEFAULTS;
        return new PoolConfig(
                m.value("max_connections", d.maxConnections(), AT_LEAST_ONE),
                m.value("idle_timeout", d.idleTimeout(), ValueType.DURATION));
    }

    /** Null when not written: active checks are opt-in. {@code health_check: {}} turns them on with defaults. */
    private static HealthCheckConfig healthCheck(MapReader m) {
        if (!m.present()) {
            return null;
        }
        HealthCheckConfig d = HealthCheckConfig.DEFAULTS;
        return new HealthCheckConfig(
                m.value("path", d.path(), HEALTH_PATH),
                m.value("interval", d.interval(), ValueType.POSITIVE_DURATION),
                m.value("timeout", d.timeout(), ValueType.POSITIVE_DURATION),
                m.value("healthy_threshold", d.healthyThreshold(), AT_LEAST_ONE),
                m.value("unhealthy_threshold", d.unhealthyThreshold(), AT_LEAST_ONE));
    }

    /** Null when not written; {@code outlier: {}} turns passive ejection on with defaults. */
    private static OutlierConfig outlier(MapReader m) {
        if (!m.present()) {
            return null;
        }
        OutlierConfig d = OutlierConfig.DEFAULTS;
        return new OutlierConfig(
                m.value("consecutive_failures", d.consecutiveFailures(), AT_LEAST_ONE),
                m.value("ejection", d.ejection(), ValueType.POSITIVE_DURATION));
    }
}
