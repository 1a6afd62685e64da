package dev.telltale.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Values that parse but are out of range, malformed for their kind, or name something undefined. */
class RangeAndReferenceValidationTest {

    @TempDir
    Path dir;

    private List<String> errors(String yaml) {
        return new ConfigFiles(dir).errors(yaml);
    }

    private List<String> errorsAfterMinimal(String yaml) {
        return new ConfigFiles(dir).errorsAfterMinimal(yaml);
    }

    @Test
    void aRouteMustNameAnUpstreamThatExists() {
        assertThat(errors("""
                upstreams:
                  app: { targets: [ "app:3000" ] }
                  auth: { targets: [ "auth:4000" ] }
                routes:
                  - { name: a, upstream: ap }
                  - { name: b, upstream: billing }
                  - { name: c }
                """)).containsExactly(
                "5:26: routes[0].upstream: no upstream is named \"ap\"; did you mean `app`?",
                "6:26: routes[1].upstream: no upstream is named \"billing\" (defined: app, auth)",
                "7:5: routes[2].upstream: missing; every route needs an `upstream` (defined: app, auth)");
    }

    @Test
    void routeNamesAreUniqueAndPlain() {
        assertThat(errors("""
                upstreams:
                  app: { targets: [ "app:3000" ] }
                routes:
                  - { name: api, upstream: app }
                  - { name: api, upstream: app }
                  - { name: "my api", upstream: app }
                  - { upstream: app }
                """)).containsExactly(
                "5:13: routes[1].name: route name `api` is already used by routes[0]",
                "6:13: routes[2].name: \"my api\" is not a route name of letters, digits, '_', '.' and '-'",
                "7:5: routes[3].name: missing; every route needs a `name` (used in logs, pages and metrics)");
    }

    @Test
    void targetsAreHostColonPort() {
        assertThat(errors("""
                upstreams:
                  app:
                    targets:
                      - app
                      - http://app:3000
                      - "::1:3000"
                      - app:0
                      - "[::1]:70000"
                      - "[nope]:80"
                      - "bad host:80"
                  empty: { targets: [] }
                  none: {}
                routes: [ { name: web, upstream: app } ]
                """)).containsExactly(
                "4:9: upstreams.app.targets[0]: \"app\" has no port; expected host:port (example: app:3000)",
                "5:9: upstreams.app.targets[1]: \"http://app:3000\" is not host:port; leave out the scheme"
                        + " (for HTTPS to the upstream set its tls.enabled: true)",
                "6:9: upstreams.app.targets[2]: \"::1:3000\" looks like an IPv6 address; write it in brackets,"
                        + " e.g. [::1]:3000",
                "7:9: upstreams.app.targets[3]: \"app:0\" does not end with a port from 1 to 65535;"
                        + " expected host:port (example: app:3000)",
                "8:9: upstreams.app.targets[4]: \"[::1]:70000\" does not end with a port from 1 to 65535;"
                        + " expected host:port (example: app:3000)",
                "9:9: upstreams.app.targets[5]: \"[nope]:80\" is not [IPv6 address]:port (example: [::1]:3000)",
                "10:9: upstreams.app.targets[6]: \"bad host:80\" does not start with a valid host name;"
                        + " expected host:port (example: app:3000)",
                "11:21: upstreams.empty.targets: needs at least one target (host:port, e.g. app:3000)",
                "12:9: upstreams.none.targets: missing; an upstream needs at least one target (host:port)");
    }

    @Test
    void theAdminListenerStaysOnLoopbackUnlessRemoteAccessIsAllowedInTheFile() throws ConfigException {
        String refused = " is not a loopback address, and /status and /incidents show internal addresses and"
                + " request details; to serve them there on purpose, set admin.allow_remote: true (and keep the"
                + " port away from the public)";
        assertThat(errorsAfterMinimal("admin: { address: 0.0.0.0 }\n"))
                .containsExactly("7:19: admin.address: \"0.0.0.0\"" + refused);
        assertThat(errorsAfterMinimal("admin: { address: \"::\", allow_remote: false }\n"))
                .containsExactly("7:19: admin.address: \"::\"" + refused);
        assertThat(errorsAfterMinimal("admin: { address: 10.1.2.3 }\n")).hasSize(1);
        assertThat(errorsAfterMinimal("admin: { address: proxy.internal }\n")).hasSize(1);
        assertThat(errorsAfterMinimal("admin: { address: \"::2\" }\n")).hasSize(1);

        ConfigFiles files = new ConfigFiles(dir);
        assertThat(files.load(ConfigFiles.MINIMAL + "admin: { address: 0.0.0.0, allow_remote: true }\n").admin())
                .isEqualTo(new AdminConfig("0.0.0.0", 9901));
        for (String loopback : List.of("127.0.0.1", "127.3.4.5", "\"::1\"", "\"[::1]\"", "localhost", "LocalHost")) {
            assertThat(files.load(ConfigFiles.MINIMAL + "admin: { address: " + loopback + " }\n").admin().port())
                    .as(loopback).isEqualTo(9901);
        }
    }

    @Test
    void portsAreInRange() {
        assertThat(errorsAfterMinimal("""
                listen: { port: 65536 }
                admin: { port: -1 }
                """)).containsExactly(
                "7:17: listen.port: \"65536\" is not a port number from 0 to 65535 (0 picks a free port)",
                "8:16: admin.port: \"-1\" is not a port number from 0 to 65535 (0 picks a free port)");
    }

    @Test
    void choicesListTheAllowedValues() {
        assertThat(errors("""
                upstreams:
                  app: { targets: [ "app:3000" ], balance: round-robin }
                routes: [ { name: web, upstream: app, retry: { attempts: 0, on: [ connection_reset ] } } ]
                error_pages: { detail: verbose }
                """)).containsExactly(
                "2:44: upstreams.app.balance: \"round-robin\" is not one of: round_robin, least_request;"
                        + " did you mean `round_robin`?",
                "3:58: routes[0].retry.attempts: \"0\" is out of range; expected a whole number 1 or more",
                "3:67: routes[0].retry.on[0]: \"connection_reset\" is not one of: connection_limit_reached,"
                        + " connection_refused, connection_timeout, destination_ip_unroutable, dns_error, dns_timeout,"
                        + " stale_connection",
                "4:24: error_pages.detail: \"verbose\" is not one of: safe, full");
    }

    @Test
    void routeMatchesArePathsAndHostPatterns() {
        assertThat(errors("""
                upstreams:
                  app: { targets: [ "app:3000" ] }
                routes:
                  - { name: a, upstream: app, match: { path_prefix: api } }
                  - { name: b, upstream: app, match: { host: "*" } }
                  - { name: c, upstream: app, match: { host: "example.com:8080" } }
                  - { name: d, upstream: app, match: { host: "ex ample.com" } }
                """)).containsExactly(
                "4:53: routes[0].match.path_prefix: \"api\" is not a path prefix starting with / (examples: /, /api)",
                "5:46: routes[1].match.host: \"*\" is not a host pattern; leave match.host out (or null)"
                        + " to match any host",
                "6:46: routes[2].match.host: \"example.com:8080\" has a port; match.host is the host name alone"
                        + " (the port is ignored)",
                "7:46: routes[3].match.host: \"ex ample.com\" is not a host name or *.suffix"
                        + " (examples: example.com, *.example.com)");
    }

    @Test
    void countsAndThresholdsAreAtLeastOne() {
        assertThat(errors("""
                listen: { max_connections: 0 }
                upstreams:
                  app:
                    targets: [ "app:3000" ]
                    pool: { max_connections: 0 }
                    health_check: { path: health, interval: 0, healthy_threshold: 0, unhealthy_threshold: x }
                    outlier: { consecutive_failures: 0, ejection: 0s }
                routes: [ { name: web, upstream: app } ]
                incidents: { max_entries: 0 }
                """)).containsExactly(
                "1:28: listen.max_connections: \"0\" is out of range; expected a whole number 1 or more",
                "5:30: upstreams.app.pool.max_connections: \"0\" is out of range; expected a whole number 1 or more",
                "6:27: upstreams.app.health_check.path: \"health\" is not a request path starting with /"
                        + " (example: /health)",
                "6:45: upstreams.app.health_check.interval: \"0\" must be more than 0 here",
                "6:67: upstreams.app.health_check.healthy_threshold: \"0\" is out of range;"
                        + " expected a whole number 1 or more",
                "6:91: upstreams.app.health_check.unhealthy_threshold: \"x\" is not a whole number 1 or more",
                "7:38: upstreams.app.outlier.consecutive_failures: \"0\" is out of range;"
                        + " expected a whole number 1 or more",
                "7:51: upstreams.app.outlier.ejection: \"0s\" must be more than 0 here",
                "9:27: incidents.max_entries: \"0\" is out of range; expected a whole number 1 or more");
    }

    @Test
    void networksHeadersAndNamesAreChecked() {
        assertThat(errors("""
                upstreams:
                  "my app": { targets: [ "app:3000" ], tls: { sni: 10.0.0.1 } }
                routes: [ { name: web, upstream: "my app" } ]
                error_pages: { trusted_networks: [ 10.0.0.1/8, office, "::1/129" ] }
                request_id: { header: "X Request Id" }
                listen: { address: "not an address", tls: { cert: tls.crt } }
                """)).containsExactly(
                "2:3: upstreams.my app: upstream name `my app` may contain only letters, digits, '_', '.' and '-'",
                "2:52: upstreams.my app.tls.sni: \"10.0.0.1\" is not a host name (example: app.internal)",
                "4:36: error_pages.trusted_networks[0]: \"10.0.0.1/8\" has bits set after the first 8;"
                        + " write the network address, e.g. 10.0.0.0/8",
                "4:48: error_pages.trusted_networks[1]: \"office\" is not an IP network"
                        + " (examples: 10.0.0.0/8, 192.168.1.7, ::1/128)",
                "4:56: error_pages.trusted_networks[2]: \"::1/129\" has a prefix length that is not a number"
                        + " from 0 to 128",
                "5:23: request_id.header: \"X Request Id\" is not an HTTP header name (example: X-Request-Id)",
                "6:20: listen.address: \"not an address\" is not an IP address or host name"
                        + " (examples: 0.0.0.0, 127.0.0.1, ::)",
                "6:43: listen.tls.key: missing; TLS needs a private key file (PEM)");
    }
}
