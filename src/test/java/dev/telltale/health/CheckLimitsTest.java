package dev.telltale.health;

import dev.telltale.config.ConfigLoader;
import dev.telltale.config.ProxyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** doctor waits as long as a request on the route would, but never longer than 5s a step. */
class CheckLimitsTest {

    @TempDir
    Path dir;

    private ProxyConfig load(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("proxy.yaml"), yaml);
        return new ConfigLoader(Map.of()).load(file);
    }

    @Test
    void routeLimitsApplyAsSetAndLongOnesAreCappedSayingSo() throws Exception {
        ProxyConfig config = load("""
                upstreams: { app: { targets: ["app:3000"] } }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app, timeouts: { connect: 2s, tls_handshake: 0 } }
                """);

        CheckLimits limits = CheckLimits.of(config.upstreams().get("app"), config.routes().get(0));

        assertThat(limits.connect().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(limits.connect().connectTimeoutKey()).isEqualTo("routes[web].timeouts.connect");
        assertThat(limits.connect().tlsHandshakeTimeout()).isEqualTo(CheckLimits.CAP);
        assertThat(limits.connect().tlsHandshakeTimeoutKey())
                .isEqualTo("routes[web].timeouts.tls_handshake = 0 (no limit), capped at 5s by doctor");
        assertThat(limits.response()).isEqualTo(CheckLimits.CAP);
        assertThat(limits.responseKey()).isEqualTo("defaults.timeouts.response_header = 1m, capped at 5s by doctor");
    }

    @Test
    void healthCheckTimeoutIsWhatTheGetWaits() throws Exception {
        ProxyConfig config = load("""
                upstreams: { app: { targets: ["app:3000"], health_check: { path: /up, timeout: 1s } } }
                routes: [ { name: web, match: { path_prefix: / }, upstream: app } ]
                """);

        CheckLimits limits = CheckLimits.of(config.upstreams().get("app"), config.routes().get(0));

        assertThat(limits.response()).isEqualTo(Duration.ofSeconds(1));
        assertThat(limits.responseKey()).isEqualTo("upstreams.app.health_check.timeout");
    }
}
