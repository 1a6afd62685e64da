package dev.telltale.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What a valid file turns into: defaults, inheritance, order and paths. */
class ConfigLoaderTest {

    @TempDir
    Path dir;

    private ConfigFiles files() {
        return new ConfigFiles(dir);
    }

    @Test
    void aMinimalFileTakesEveryDefault() throws ConfigException {
        ProxyConfig config = files().load(ConfigFiles.MINIMAL);

        assertThat(config.listen()).isEqualTo(ListenConfig.DEFAULTS);
        assertThat(config.admin()).isEqualTo(AdminConfig.DEFAULTS);
        assertThat(config.defaults()).isEqualTo(DefaultsConfig.DEFAULTS);
        assertThat(config.errorPages()).isEqualTo(ErrorPagesConfig.DEFAULTS);
        assertThat(config.requestId()).isEqualTo(RequestIdConfig.DEFAULTS);
        assertThat(config.accessLog()).isEqualTo(AccessLogConfig.DEFAULTS);
        assertThat(config.incidents()).isEqualTo(IncidentsConfig.DEFAULTS);
        assertThat(config.watch()).isFalse();
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
        RouteConfig web = config.routes().get(0);
        assertThat(web).isEqualTo(new RouteConfig("web", RouteMatch.ANY, "app", false, TimeoutsConfig.DEFAULTS,
                LimitsConfig.DEFAULTS, RetryConfig.DEFAULTS, Set.of()));
    }

    @Test
    void anEmptySectionTakesItsDefaultsAndLeavesOptionalOnesOff() throws ConfigException {
        ProxyConfig config = files().load("""
                listen:
                defaults: ~
                upstreams:
                  app:
                    targets: [ "app:3000" ]
                    health_check:
                    outlier: null
                    tls: { ca_file: null, sni: }
                routes: [ { name: web, upstream: app, match: { host: null } } ]
                """);

        assertThat(config.listen()).isEqualTo(ListenConfig.DEFAULTS);
        assertThat(config.defaults()).isEqualTo(DefaultsConfig.DEFAULTS);
        assertThat(config.upstream("app").orElseThrow().healthCheck()).isNull();
        assertThat(config.upstream("app").orElseThrow().outlier()).isNull();
        assertThat(config.upstream("app").orElseThrow().tls()).isEqualTo(UpstreamTlsConfig.DISABLED);
        assertThat(config.routes().get(0).match()).isEqualTo(RouteMatch.ANY);
    }

    @Test
    void upstreamsKeepTheirFileOrder() throws ConfigException {
        ProxyConfig config = files().load("""
                upstreams:
                  zeta: { targets: [ "z:1" ] }
                  alpha: { targets: [ "a:1" ] }
                  mid: { targets: [ "m:1" ] }
                routes: [ { name: web, upstream: mid } ]
                """);

        assertThat(config.upstreams().keySet()).containsExactly("zeta", "alpha", "mid");
    }

    @Test
    void routesInheritDefaultsKeyByKeyAndRecordWhatTheySet() throws ConfigException {
        ProxyConfig config = files().load("""
                defaults:
                  timeouts: { connect: 2s, response_header: 30s }
                  limits: { max_response_body_bytes: 10MiB }
                  retry: { attempts: 3 }
                upstreams:
                  app: { targets: [ "app:3000" ] }
                routes:
                  - name: api
                    upstream: app
                    timeouts: { response_header: 5s, total: 1m }
                    limits: { max_response_body_bytes: 1MiB }
                    retry: { on: [ dns_error ] }
                  - name: web
                    upstream: app
                """);

        RouteConfig api = config.routes().get(0);
        assertThat(api.timeouts()).isEqualTo(new TimeoutsConfig(Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(1)));
        assertThat(api.limits()).isEqualTo(new LimitsConfig(32 * 1024, 1024 * 1024));
        assertThat(api.retry()).isEqualTo(new RetryConfig(3, List.of(dev.telltale.failure.Failure.DNS_ERROR)));
        assertThat(api.overridden()).containsExactlyInAnyOrder("timeouts.response_header", "timeouts.total",
                "limits.max_response_body_bytes", "retry.on");
        assertThat(api.keyOf("timeouts.response_header")).isEqualTo("routes[api].timeouts.response_header");
        assertThat(api.keyOf("timeouts.connect")).isEqualTo("defaults.timeouts.connect");
        assertThat(api.keyOf("retry.attempts")).isEqualTo("defaults.retry.attempts");

        RouteConfig web = config.routes().get(1);
        assertThat(web.timeouts().connect()).isEqualTo(Duration.ofSeconds(2));
        assertThat(web.timeouts().responseHeader()).isEqualTo(Duration.ofSeconds(30));
        assertThat(web.limits().maxResponseBodyBytes()).isEqualTo(10 * 1024 * 1024);
        assertThat(web.retry().attempts()).isEqualTo(3);
        assertThat(web.overridden()).isEmpty();
        assertThat(config.defaults().limits().maxResponseBodyBytes()).isEqualTo(10 * 1024 * 1024);
    }

    @Test
    void everyUpstreamSettingIsRead() throws ConfigException {
        ProxyConfig config = files().load("""
                upstreams:
                  app:
                    targets: [ "app:3000", "10.0.0.5:8080", "[::1]:3001" ]
                    balance: least_request
                    tls: { enabled: true, verify: false, ca_file: certs/ca.pem, sni: App.Internal }
                    pool: { max_connections: 64, idle_timeout: 0 }
                    health_check: { path: /ready, interval: 10s, healthy_threshold: 1 }
                    outlier: {}
                routes: [ { name: web, upstream: app } ]
                """);

        UpstreamConfig app = config.upstream("app").orElseThrow();
        assertThat(app.targets()).containsExactly(new TargetAddress("app", 3000),
                new TargetAddress("10.0.0.5", 8080), new TargetAddress("::1", 3001));
        assertThat(app.targets().get(2)).hasToString("[::1]:3001");
        assertThat(app.balance()).isEqualTo(Balance.LEAST_REQUEST);
        assertThat(app.tls()).isEqualTo(new UpstreamTlsConfig(true, false,
                dir.toAbsolutePath().resolve("certs/ca.pem"), "App.Internal"));
        assertThat(app.pool()).isEqualTo(new PoolConfig(64, Duration.ZERO));
        assertThat(app.healthCheck()).isEqualTo(new HealthCheckConfig("/ready", Duration.ofSeconds(10),
                Duration.ofSeconds(2), 1, 3));
        assertThat(app.outlier()).isEqualTo(OutlierConfig.DEFAULTS);
    }

    @Test
    void relativePathsAreTakenFromTheConfigFilesDirectory() throws ConfigException {
        ProxyConfig config = files().load("""
                listen:
                  tls: { cert: certs/tls.crt, key: /etc/telltale/tls.key }
                access_log: { target: logs/../access.log }
                """ + ConfigFiles.MINIMAL);

        Path base = dir.toAbsolutePath();
        assertThat(config.listen().tls()).isEqualTo(new ListenTlsConfig(base.resolve("certs/tls.crt"),
                Path.of("/etc/telltale/tls.key")));
        assertThat(config.accessLog().target()).isEqualTo(base.resolve("access.log").toString());
        assertThat(config.accessLog().toStdout()).isFalse();
    }

    @Test
    void everyOtherSectionIsRead() throws ConfigException {
        ProxyConfig config = files().load("""
                listen:
                  address: "::"
                  port: 0
                  client_header_timeout: 0
                  keepalive_timeout: 2m
                  max_connections: 5
                  max_request_header_bytes: 8KiB
                  max_request_body_bytes: 0
                  http2: { tls: false, cleartext: true, max_concurrent_streams: 8, initial_stream_window_bytes: 1MiB,
                           connection_window_bytes: 4MiB }
                admin: { address: 0.0.0.0, port: 0, allow_remote: true }
                error_pages: { detail: full, trusted_networks: [ 10.0.0.0/8 ] }
                request_id: { header: X-Correlation-Id, trust_incoming: false }
                incidents: { max_entries: 100, max_age: 10m }
                watch: true
                shutdown_grace: 0
                """ + ConfigFiles.MINIMAL);

        assertThat(config.listen()).isEqualTo(new ListenConfig("::", 0, null, Duration.ZERO,
                Duration.ofMinutes(2), 5, 8 * 1024, 0, new ListenHttp2Config(false, true, 8, 1024 * 1024,
                4 * 1024 * 1024)));
        assertThat(config.admin()).isEqualTo(new AdminConfig("0.0.0.0", 0));
        assertThat(config.errorPages()).isEqualTo(new ErrorPagesConfig(DetailLevel.FULL,
                List.of(Cidr.parse("10.0.0.0/8"))));
        assertThat(config.requestId()).isEqualTo(new RequestIdConfig("X-Correlation-Id", false));
        assertThat(config.incidents()).isEqualTo(new IncidentsConfig(100, Duration.ofMinutes(10)));
        assertThat(config.watch()).isTrue();
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ZERO);
    }

    @Test
    void matchHostsAreLowerCasedAndMayBeWildcards() throws ConfigException {
        ProxyConfig config = files().load("""
                upstreams:
                  app: { targets: [ "app:3000" ] }
                routes:
                  - { name: exact, upstream: app, match: { host: Api.Example.com } }
                  - { name: wild, upstream: app, match: { host: "*.example.com", path_prefix: /static/ } }
                """);

        assertThat(config.routes()).extracting(RouteConfig::match).containsExactly(
                new RouteMatch("api.example.com", "/"), new RouteMatch("*.example.com", "/static/"));
    }
}
