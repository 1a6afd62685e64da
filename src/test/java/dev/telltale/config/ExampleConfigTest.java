package dev.telltale.config;

import dev.telltale.failure.Failure;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The example shipped in {@code config/proxy.yaml} loads and means what its comments say. */
class ExampleConfigTest {

    private static final Path EXAMPLE = Path.of("config/proxy.yaml");

    @Test
    void loadsWithNoEnvironment() throws ConfigException {
        ProxyConfig config = new ConfigLoader(Map.of()).load(EXAMPLE);

        assertThat(config.source()).isEqualTo(EXAMPLE);
        assertThat(config.listen()).isEqualTo(ListenConfig.DEFAULTS);
        assertThat(config.admin()).isEqualTo(new AdminConfig("127.0.0.1", 9901));
        // The shipped file turns the deploy hold on; everything else is the built-in default.
        assertThat(config.defaults().retry()).isEqualTo(new RetryConfig(2, RetryConfig.DEFAULTS.on(),
                Duration.ofSeconds(10), 256, 64 * 1024));
        assertThat(config.defaults().timeouts()).isEqualTo(TimeoutsConfig.DEFAULTS);
        assertThat(config.defaults().limits()).isEqualTo(LimitsConfig.DEFAULTS);
        assertThat(config.errorPages().detail()).isEqualTo(DetailLevel.SAFE);
        assertThat(config.errorPages().trustedNetworks()).extracting(Cidr::toString)
                .containsExactly("127.0.0.0/8", "::1/128");
        assertThat(config.requestId()).isEqualTo(new RequestIdConfig("X-Request-Id", true));
        assertThat(config.accessLog().toStdout()).isTrue();
        assertThat(config.incidents()).isEqualTo(new IncidentsConfig(10_000, Duration.ofHours(1)));
        assertThat(config.watch()).isFalse();
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void hasOneUpstreamAndTwoRoutes() throws ConfigException {
        ProxyConfig config = new ConfigLoader(Map.of()).load(EXAMPLE);

        UpstreamConfig app = config.upstream("app").orElseThrow();
        assertThat(app.targets()).containsExactly(new TargetAddress("app", 3000));
        assertThat(app.balance()).isEqualTo(Balance.ROUND_ROBIN);
        assertThat(app.tls()).isEqualTo(UpstreamTlsConfig.DISABLED);
        assertThat(app.pool()).isEqualTo(new PoolConfig(512, Duration.ofSeconds(50)));
        assertThat(app.healthCheck()).isNull();
        assertThat(app.outlier()).isNull();

        assertThat(config.routes()).extracting(RouteConfig::name).containsExactly("api", "web");
        RouteConfig api = config.routes().get(0);
        assertThat(api.match()).isEqualTo(new RouteMatch(null, "/api"));
        assertThat(api.timeouts().responseHeader()).isEqualTo(Duration.ofSeconds(5));
        assertThat(api.timeouts().connect()).isEqualTo(Duration.ofSeconds(5));
        assertThat(api.overridden()).containsExactly("timeouts.response_header");
        assertThat(config.routes().get(1).match()).isEqualTo(RouteMatch.ANY);
        assertThat(config.routes().get(1).timeouts()).isEqualTo(TimeoutsConfig.DEFAULTS);
    }

    @Test
    void thePortComesFromTheEnvironmentWhenSet() throws ConfigException {
        assertThat(new ConfigLoader(Map.of("PORT", "9090")).load(EXAMPLE).listen().port()).isEqualTo(9090);
    }

    @Test
    void theBuiltInDefaultsAreThoseOfTheProductContract() {
        assertThat(ListenConfig.DEFAULTS).isEqualTo(new ListenConfig("0.0.0.0", 8080, null,
                Duration.ofSeconds(10), Duration.ofSeconds(75), 10_000, 16 * 1024, 100 * 1024 * 1024,
                new ListenHttp2Config(true, false, 100, 65_535, 1024 * 1024)));
        assertThat(TimeoutsConfig.DEFAULTS).isEqualTo(new TimeoutsConfig(Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ZERO));
        assertThat(LimitsConfig.DEFAULTS).isEqualTo(new LimitsConfig(32 * 1024, 0));
        assertThat(RetryConfig.DEFAULTS).isEqualTo(new RetryConfig(2,
                List.of(Failure.CONNECTION_REFUSED, Failure.CONNECTION_TIMEOUT, Failure.DNS_ERROR,
                        Failure.STALE_CONNECTION)));
        assertThat(RetryConfig.DEFAULTS.holds()).as("the hold is off unless a file turns it on").isFalse();
        assertThat(HealthCheckConfig.DEFAULTS).isEqualTo(
                new HealthCheckConfig("/health", Duration.ofSeconds(5), Duration.ofSeconds(2), 2, 3));
        assertThat(OutlierConfig.DEFAULTS).isEqualTo(new OutlierConfig(5, Duration.ofSeconds(30)));
    }
}
