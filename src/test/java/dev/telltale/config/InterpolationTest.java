package dev.telltale.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InterpolationTest {

    private final Interpolation env = new Interpolation(Map.of("HOST", "app", "PORT", "3000", "EMPTY", ""));

    @TempDir
    Path dir;

    @Test
    void replacesASetVariable() {
        assertThat(env.expand("${PORT}")).isEqualTo("3000");
    }

    @Test
    void replacesVariablesInsideALongerValue() {
        assertThat(env.expand("${HOST}:${PORT}")).isEqualTo("app:3000");
        assertThat(env.expand("/srv/${HOST}/certs")).isEqualTo("/srv/app/certs");
    }

    @Test
    void fallsBackWhenUnsetOrEmpty() {
        assertThat(env.expand("${MISSING:-8080}")).isEqualTo("8080");
        assertThat(env.expand("${EMPTY:-8080}")).isEqualTo("8080");
        assertThat(env.expand("${PORT:-8080}")).isEqualTo("3000");
        assertThat(env.expand("${MISSING:-}")).isEmpty();
    }

    @Test
    void keepsASetButEmptyVariableWithoutFallback() {
        assertThat(env.expand("[${EMPTY}]")).isEqualTo("[]");
    }

    @Test
    void leavesTextWithoutReferencesAlone() {
        assertThat(env.expand("cost: $5")).isEqualTo("cost: $5");
        assertThat(env.expand("$${PORT}")).isEqualTo("${PORT}");
    }

    @Test
    void namesEveryUnsetVariable() {
        assertThatThrownBy(() -> env.expand("${MISSING}"))
                .hasMessage("environment variable MISSING is not set (set it, or write ${MISSING:-default} to give a fallback)");
        assertThatThrownBy(() -> env.expand("${A}:${PORT}:${B}"))
                .hasMessage("environment variables A, B are not set (set it, or write ${A:-default} to give a fallback)");
    }

    @Test
    void refusesMalformedReferences() {
        assertThatThrownBy(() -> env.expand("${PORT")).hasMessage("`${` is not closed by `}` (write $${ for a literal ${)");
        assertThatThrownBy(() -> env.expand("${1X}")).hasMessageStartingWith("`${1X}` is not a variable reference");
    }

    @Test
    void anInterpolatedPortIsParsedAsANumber() throws ConfigException {
        ConfigFiles files = new ConfigFiles(dir, Map.of("PORT", "9090"));
        ProxyConfig config = files.load("listen:\n  port: ${PORT:-8080}\n" + ConfigFiles.MINIMAL);

        assertThat(config.listen().port()).isEqualTo(9090);
        // Inside { } or [ ] the braces of ${...} need quotes, or YAML reads them as structure.
        assertThat(new ConfigFiles(dir).load("listen: { port: \"${PORT:-8080}\" }\n" + ConfigFiles.MINIMAL)
                .listen().port()).isEqualTo(8080);
    }

    @Test
    void aMissingVariableIsAnErrorAtItsValue() {
        assertThat(new ConfigFiles(dir).errors("listen:\n  port: ${PORT}\n" + ConfigFiles.MINIMAL)).containsExactly(
                "2:9: listen.port: environment variable PORT is not set"
                        + " (set it, or write ${PORT:-default} to give a fallback)");
    }

    @Test
    void aBadInterpolatedValueShowsWhereItCameFrom() {
        ConfigFiles files = new ConfigFiles(dir, Map.of("PORT", "http"));

        assertThat(files.errors("listen:\n  port: ${PORT:-8080}\n" + ConfigFiles.MINIMAL)).containsExactly(
                "2:9: listen.port: \"http\" (from ${PORT:-8080}) is not a port number from 0 to 65535 (0 picks a free port)");
    }

    @Test
    void aVariableCannotInjectYamlStructure() throws ConfigException {
        ConfigFiles files = new ConfigFiles(dir, Map.of("TARGET", "app:3000\" ]\n    balance: least_request"));

        assertThat(files.errors("""
                upstreams:
                  app: { targets: [ "${TARGET}" ] }
                routes: [ { name: web, upstream: app } ]
                """)).containsExactly("2:21: upstreams.app.targets[0]: \"app:3000\\\" ]\\n    balance: least_request\""
                + " (from ${TARGET}) does not start with a valid host name; expected host:port (example: app:3000)");
        ProxyConfig config = new ConfigFiles(dir, Map.of("UP", "app")).load("""
                upstreams:
                  app: { targets: [ "app:3000" ] }
                routes: [ { name: web, upstream: "${UP}" } ]
                """);
        assertThat(config.routes().get(0).upstream()).isEqualTo("app");
    }
}
