package dev.telltale.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Binds the whole file: the top-level keys, in the order a reader meets them, and the small
 * sections that need no binder of their own.
 */
final class ProxyConfigBinder {

    static final List<String> TOP_LEVEL_KEYS = List.of("listen", "admin", "defaults", "upstreams", "routes",
            "error_pages", "request_id", "access_log", "incidents", "tracing", "runtime", "watch", "shutdown_grace");
    static final List<String> ERROR_PAGES_KEYS = List.of("detail", "trusted_networks");
    static final List<String> REQUEST_ID_KEYS = List.of("header", "trust_incoming");
    static final List<String> ACCESS_LOG_KEYS = List.of("target");
    static final List<String> INCIDENTS_KEYS = List.of("max_entries", "max_age");
    static final List<String> TRACING_KEYS = List.of("otlp", "service_name");
    static final List<String> OTLP_KEYS = List.of("endpoint", "timeout");
    static final List<String> RUNTIME_KEYS = List.of("docker");
    static final List<String> DOCKER_KEYS = List.of("socket");

    // RFC 9110 token characters: what a header name may be made of.
    private static final ValueType<String> HEADER_NAME = ValueType.matching(
            Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+"), "an HTTP header name (example: X-Request-Id)");
    private static final ValueType<DetailLevel> DETAIL =
            ValueType.oneOf(DetailLevel.class, level -> level.name().toLowerCase(Locale.ROOT));
    private static final ValueType<Cidr> NETWORK = new ValueType<>(
            "an IP network (examples: 10.0.0.0/8, 192.168.1.7, ::1/128)", ProxyConfigBinder::network);

    private ProxyConfigBinder() {
    }

    /** The config, or null when the root is not a mapping; check the context's errors either way. */
    static ProxyConfig bind(NodeReader root, Path source) {
        if (!(root.node() instanceof YamlNode.Mapping)) {
            root.error("expected a mapping of settings (listen, upstreams, routes, ...), found " + root.node().describe());
            return null;
        }
        MapReader m = root.asMap(TOP_LEVEL_KEYS);
        DefaultsConfig defaults = SettingsBinder.defaults(m.section("defaults", SettingsBinder.SETTINGS_KEYS));
        Map<String, UpstreamConfig> upstreams = upstreams(m);
        return new ProxyConfig(source,
                ListenerBinder.listen(m.section("listen", ListenerBinder.LISTEN_KEYS)),
                ListenerBinder.admin(m.section("admin", ListenerBinder.ADMIN_KEYS)),
                defaults,
                upstreams,
                routes(m, upstreams, defaults),
                errorPages(m.section("error_pages", ERROR_PAGES_KEYS)),
                requestId(m.section("request_id", REQUEST_ID_KEYS)),
                accessLog(m.section("access_log", ACCESS_LOG_KEYS)),
                incidents(m.section("incidents", INCIDENTS_KEYS)),
                docker(m.section("runtime", RUNTIME_KEYS).section("docker", DOCKER_KEYS)),
                m.value("watch", false, ValueType.BOOLEAN),
                m.value("shutdown_grace", ProxyConfig.DEFAULT_SHUTDOWN_GRACE, ValueType.DURATION),
                tracing(m.section("tracing", TRACING_KEYS)));
    }

    private static Map<String, UpstreamConfig> upstreams(MapReader m) {
        NodeReader node = m.get("upstreams");
        if (node == null) {
            m.missing("upstreams", "define at least one upstream, e.g. `upstreams: { app: { targets: [ \"app:3000\" ] } }`");
            return new LinkedHashMap<>();
        }
        return UpstreamBinder.upstreams(node);
    }

    private static List<RouteConfig> routes(MapReader m, Map<String, UpstreamConfig> upstreams,
                                            DefaultsConfig defaults) {
        NodeReader node = m.get("routes");
        if (node == null) {
            m.missing("routes", "define at least one route, e.g. `routes: [ { name: web, upstream: app } ]`");
            return List.of();
        }
        return RouteBinder.routes(node, Collections.unmodifiableSet(upstreams.keySet()), defaults);
    }

    private static ErrorPagesConfig errorPages(MapReader m) {
        ErrorPagesConfig d = ErrorPagesConfig.DEFAULTS;
        return new ErrorPagesConfig(
                m.value("detail", d.detail(), DETAIL),
                m.values("trusted_networks", d.trustedNetworks(), NETWORK));
    }

    private static Cidr network(String text) throws InvalidValueException {
        try {
            return Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(e.getMessage());
        }
    }

    private static RequestIdConfig requestId(MapReader m) {
        RequestIdConfig d = RequestIdConfig.DEFAULTS;
        return new RequestIdConfig(
                m.value("header", d.header(), HEADER_NAME),
                m.value("trust_incoming", d.trustIncoming(), ValueType.BOOLEAN));
    }

    /** {@code stdout}, or a file path taken from the config file's directory when relative. */
    private static AccessLogConfig accessLog(MapReader m) {
        ValueType<Path> file = ValueType.path(m.context().configDirectory());
        ValueType<String> target = ValueType.of("stdout or a file path", text ->
                text.equals(AccessLogConfig.STDOUT) ? text : file.parse(text).toString());
        return new AccessLogConfig(m.value("target", AccessLogConfig.STDOUT, target));
    }

    /**
     * A path ({@code /var/run/docker.sock}), {@code unix://PATH}, or {@code tcp://HOST:PORT} for a
     * socket proxy; unset is off. Whether the socket exists is checked when the proxy starts, and
     * is a warning then, never a config error: the proxy serves without it.
     */
    private static DockerConfig docker(MapReader m) {
        ValueType<String> endpoint = ValueType.of("a socket path (/var/run/docker.sock), unix://PATH or tcp://HOST:PORT",
                ProxyConfigBinder::dockerEndpoint);
        return new DockerConfig(m.optional("socket", endpoint));
    }

    private static String dockerEndpoint(String text) throws InvalidValueException {
        if (text.isEmpty()) {
            return null; // ${DOCKER_SOCKET:-} unset: off
        }
        if (text.startsWith("/")) {
            return "unix://" + text;
        }
        if (text.startsWith("unix:///")) {
            return text;
        }
        for (String scheme : List.of("tcp://", "http://")) {
            if (text.startsWith(scheme)) {
                String hostPort = text.substring(scheme.length());
                int colon = hostPort.lastIndexOf(':');
                if (colon > 0 && hostPort.substring(colon + 1).matches("[0-9]{1,5}")
                        && Integer.parseInt(hostPort.substring(colon + 1)) <= 65535 && !hostPort.contains("/")) {
                    return "tcp://" + hostPort;
                }
                throw new InvalidValueException("expected " + scheme + "HOST:PORT, e.g. tcp://docker-socket-proxy:2375");
            }
        }
        throw new InvalidValueException("expected an absolute socket path (/var/run/docker.sock), unix:///PATH"
                + " or tcp://HOST:PORT");
    }

    private static IncidentsConfig incidents(MapReader m) {
        IncidentsConfig d = IncidentsConfig.DEFAULTS;
        return new IncidentsConfig(
                m.value("max_entries", d.maxEntries(), ValueType.integer(1, Integer.MAX_VALUE)),
                m.value("max_age", d.maxAge(), ValueType.DURATION));
    }

    /** An http(s) URL; empty (an unset {@code ${OTLP_ENDPOINT:-}}) is off. */
    private static TracingConfig tracing(MapReader m) {
        TracingConfig d = TracingConfig.DEFAULTS;
        MapReader otlp = m.section("otlp", OTLP_KEYS);
        ValueType<String> url = ValueType.of("an http:// or https:// URL (example: http://otel-collector:4318/v1/traces)",
                text -> {
                    if (text.isEmpty()) {
                        return null;
                    }
                    if (!text.matches("https?://[^\\s/]+(/\\S*)?")) {
                        throw new InvalidValueException("expected an http:// or https:// URL, e.g. "
                                + "http://otel-collector:4318/v1/traces");
                    }
                    return text;
                });
        return new TracingConfig(otlp.optional("endpoint", url),
                otlp.value("timeout", d.timeout(), ValueType.POSITIVE_DURATION),
                m.value("service_name", d.serviceName(), ValueType.TEXT));
    }
}
