package dev.telltale.health;

import dev.telltale.config.Durations;
import dev.telltale.config.HealthCheckConfig;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.upstream.ConnectSettings;

import java.time.Duration;

/**
 * The time limits of {@code doctor}'s checks on one upstream: those a request on {@code route}
 * would meet, so a verdict matches what users see, but at most {@link #CAP} each, so that a
 * stalled target (or a 60s {@code response_header}) does not hold the report up. The GET waits
 * {@code health_check.timeout} when the upstream has a health check, as the active checks do.
 *
 * @param response    how long the GET may wait for its response head
 * @param responseKey the setting behind {@code response}, as failure details name it
 */
public record CheckLimits(ConnectSettings connect, Duration response, String responseKey) {

    public static final Duration CAP = Duration.ofSeconds(5);

    public static CheckLimits of(UpstreamConfig upstream, RouteConfig route) {
        ConnectSettings connect = new ConnectSettings(
                capped(route.timeouts().connect()), key(route.keyOf("timeouts.connect"), route.timeouts().connect()),
                capped(route.timeouts().tlsHandshake()),
                key(route.keyOf("timeouts.tls_handshake"), route.timeouts().tlsHandshake()),
                (int) Math.min(Integer.MAX_VALUE, route.limits().maxResponseHeaderBytes()),
                Integer.MAX_VALUE, "upstreams." + upstream.name() + ".pool.max_connections");
        HealthCheckConfig health = upstream.healthCheck();
        if (health != null) {
            return new CheckLimits(connect, capped(health.timeout()),
                    key("upstreams." + upstream.name() + ".health_check.timeout", health.timeout()));
        }
        Duration header = route.timeouts().responseHeader();
        return new CheckLimits(connect, capped(header), key(route.keyOf("timeouts.response_header"), header));
    }

    /** How long all steps of one target may take together. */
    public Duration total() {
        return connect.connectTimeout().plus(connect.tlsHandshakeTimeout()).plus(response);
    }

    private static Duration capped(Duration limit) {
        return limit.isZero() || limit.compareTo(CAP) > 0 ? CAP : limit;
    }

    /** The key alone when it applies as set; else what it says and that doctor waits less. */
    private static String key(String key, Duration limit) {
        if (capped(limit).equals(limit)) {
            return key;
        }
        String value = limit.isZero() ? "0 (no limit)" : Durations.format(limit);
        return key + " = " + value + ", capped at " + Durations.format(CAP) + " by doctor";
    }
}
