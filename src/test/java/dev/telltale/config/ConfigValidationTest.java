package dev.telltale.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Mistakes of form: wrong syntax, kind or key, each reported at its line and column with its key path. */
class ConfigValidationTest {

    @TempDir
    Path dir;

    private List<String> errors(String yaml) {
        return new ConfigFiles(dir).errors(yaml);
    }

    private List<String> errorsAfterMinimal(String yaml) {
        return new ConfigFiles(dir).errorsAfterMinimal(yaml);
    }

    @Test
    void anErrorNamesTheFileAsGivenWithLineColumnAndPath() throws Exception {
        Files.createDirectories(dir.resolve("config"));
        Path file = dir.resolve("config/proxy.yaml");
        Files.writeString(file, ConfigFiles.MINIMAL.replace("upstream: app", """
                upstream: app
                    timeouts:
                      connect: 5 sec"""));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(Map.of()).load(file));

        assertThat(e.errors()).containsExactly(new ConfigError(file.toString(), 8, 16,
                "routes[0].timeouts.connect", "\"5 sec\" is not a duration (examples: 250ms, 5s, 1m)"));
        assertThat(e.errors().get(0)).hasToString(file
                + ":8:16: routes[0].timeouts.connect: \"5 sec\" is not a duration (examples: 250ms, 5s, 1m)");
        assertThat(e.getMessage()).isEqualTo(e.errors().get(0).toString());
    }

    @Test
    void durationsNeedAUnitAndNoSign() {
        assertThat(errorsAfterMinimal("""
                defaults:
                  timeouts:
                    idle: 5
                    total: -1s
                """)).containsExactly(
                "9:11: defaults.timeouts.idle: \"5\" has no unit; write 5s or 5ms (only 0 may be written without a unit)",
                "10:12: defaults.timeouts.total: \"-1s\" is negative; a duration is 0 or more (examples: 250ms, 5s, 1m)");
    }

    @Test
    void anHttp2ProtocolMustMatchTheUpstreamsTls() {
        assertThat(errors("""
                upstreams:
                  plain: { targets: [ "a:1" ], protocol: h2 }
                  secure: { targets: [ "b:1" ], protocol: h2c, tls: { enabled: true } }
                  odd: { targets: [ "c:1" ], protocol: http3 }
                routes:
                  - { name: r, upstream: plain }
                """)).containsExactly(
                "2:42: upstreams.plain.protocol: h2 is HTTP/2 over TLS: add `tls: { enabled: true }`, or use h2c for"
                        + " cleartext",
                "3:43: upstreams.secure.protocol: h2c is HTTP/2 in cleartext, but tls is enabled: use h2 for HTTP/2"
                        + " over TLS",
                "4:40: upstreams.odd.protocol: \"http3\" is not one of: http1, h2c, h2; did you mean `http1`?");
    }

    @Test
    void anExactPathIsAPathAndNotWrittenBesideAPrefix() {
        assertThat(errors("""
                upstreams:
                  app: { targets: [ "a:1" ] }
                routes:
                  - { name: index, match: { path: / }, upstream: app }
                  - { name: both, match: { path: /a, path_prefix: /a }, upstream: app }
                  - { name: bad, match: { path: "index.html" }, upstream: app }
                """)).containsExactly(
                "5:34: routes[1].match.path: write `path` (this path exactly) or `path_prefix` (paths starting"
                        + " with it), not both",
                "6:33: routes[2].match.path: \"index.html\" is not a path starting with / (examples: /, /health)");
    }

    @Test
    void sizesUseBinaryUnits() {
        assertThat(errorsAfterMinimal("""
                listen: { max_request_body_bytes: 10MB, max_request_header_bytes: 0 }
                """)).containsExactly(
                "7:35: listen.max_request_body_bytes: \"10MB\" is not a size; units are B, KiB, MiB and GiB"
                        + " (powers of 1024), e.g. 512, 16KiB, 10MiB, 1GiB",
                "7:67: listen.max_request_header_bytes: \"0\" is out of range; expected from 1 to 2147483647 bytes");
    }

    @Test
    void unknownKeysAreErrorsAtEveryLevelWithASuggestion() {
        assertThat(errors("""
                listen: { prot: 8080 }
                upstreams:
                  app: { targets: [ "app:3000" ], pool: { max_conections: 5 }, helthcheck: {} }
                routes:
                  - name: web
                    upstream: app
                    timeout: { connect: 1s }
                    colour: blue
                shutdown_grase: 5s
                """)).containsExactly(
                "1:11: listen.prot: unknown key `prot`; did you mean `port`?",
                "3:43: upstreams.app.pool.max_conections: unknown key `max_conections`; did you mean `max_connections`?",
                "3:64: upstreams.app.helthcheck: unknown key `helthcheck`; did you mean `health_check`?",
                "7:5: routes[0].timeout: unknown key `timeout`; did you mean `timeouts`?",
                "8:5: routes[0].colour: unknown key `colour` (allowed here: name, match, upstream, strip_prefix,"
                        + " timeouts, limits, retry)",
                "9:1: shutdown_grase: unknown key `shutdown_grase`; did you mean `shutdown_grace`?");
    }

    @Test
    void aValueOfTheWrongKindSaysWhatWasExpected() {
        assertThat(errors("""
                listen: [ 8080 ]
                upstreams:
                  app:
                    targets: "app:3000"
                    tls: true
                routes:
                  web: { upstream: app }
                watch: { enabled: true }
                """)).containsExactly(
                "1:9: listen: expected a mapping with keys address, port, tls, client_header_timeout,"
                        + " keepalive_timeout, max_connections, max_request_header_bytes, max_request_body_bytes, http2,"
                        + " found a list",
                "4:14: upstreams.app.targets: expected a list of host:port (examples: app:3000, 10.0.0.5:8080,"
                        + " [::1]:3000), found \"app:3000\"",
                "5:10: upstreams.app.tls: expected a mapping with keys enabled, verify, ca_file, sni, found \"true\"",
                "7:3: routes: expected a list of routes, each with name, match and upstream, found a mapping",
                "8:8: watch: expected true or false, found a mapping");
    }

    @Test
    void anEmptyValueIsNotItsDefault() {
        assertThat(errorsAfterMinimal("""
                listen:
                  port:
                watch: ~
                """)).containsExactly(
                "8:8: listen.port: expected a port number from 0 to 65535 (0 picks a free port), found nothing",
                "9:8: watch: expected true or false, found null");
    }

    @Test
    void upstreamsAndRoutesAreRequired() {
        assertThat(errors("listen: { port: 8080 }\n")).containsExactly(
                "1:1: upstreams: missing; define at least one upstream,"
                        + " e.g. `upstreams: { app: { targets: [ \"app:3000\" ] } }`",
                "1:1: routes: missing; define at least one route, e.g. `routes: [ { name: web, upstream: app } ]`");
        assertThat(errors("upstreams: {}\nroutes: []\n")).containsExactly(
                "1:12: upstreams: needs at least one upstream, e.g. `app: { targets: [ \"app:3000\" ] }`",
                "2:9: routes: needs at least one route, e.g. `- { name: web, upstream: app }`");
    }

    @Test
    void everyErrorInTheFileIsReportedAtOnceInFileOrder() {
        List<String> found = errors("""
                listen:
                  port: eighty
                  adress: 0.0.0.0
                defaults:
                  timeouts: { connect: 5 sec }
                upstreams:
                  app: { targets: [ "app" ], balance: random }
                routes:
                  - { name: web, upstream: ap }
                watch: maybe
                """);

        assertThat(found).extracting(line -> line.substring(0, line.indexOf(": "))).containsExactly(
                "2:9", "3:3", "5:24", "7:21", "7:39", "9:28", "10:8");
        assertThat(found).hasSize(7);
    }

    @Test
    void aMissingFileIsAnErrorToo() {
        Path missing = dir.resolve("nope.yaml");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(Map.of()).load(missing));

        assertThat(e.errors()).containsExactly(new ConfigError(missing.toString(), 1, 1, "", "no such file"));
    }
}
