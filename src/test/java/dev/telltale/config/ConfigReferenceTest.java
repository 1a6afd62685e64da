package dev.telltale.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code docs/configuration.md} documents every key the loader accepts, and its error example is real output. */
class ConfigReferenceTest {

    private static final Path REFERENCE = Path.of("docs/configuration.md");
    private static final Pattern BACKTICKED = Pattern.compile("`([a-z_.A-Z0-9]+)`");

    @TempDir
    Path dir;

    @Test
    void everyKeyIsDocumented() throws IOException {
        String reference = Files.readString(REFERENCE);
        List<String> keys = Stream.of(ProxyConfigBinder.TOP_LEVEL_KEYS, ProxyConfigBinder.ERROR_PAGES_KEYS,
                        ProxyConfigBinder.REQUEST_ID_KEYS, ProxyConfigBinder.ACCESS_LOG_KEYS,
                        ProxyConfigBinder.INCIDENTS_KEYS, ProxyConfigBinder.TRACING_KEYS,
                        ProxyConfigBinder.OTLP_KEYS, ProxyConfigBinder.RUNTIME_KEYS,
                        ProxyConfigBinder.DOCKER_KEYS, ListenerBinder.LISTEN_KEYS, ListenerBinder.ADMIN_KEYS,
                        SettingsBinder.TIMEOUT_KEYS, SettingsBinder.LIMIT_KEYS, SettingsBinder.RETRY_KEYS,
                        UpstreamBinder.UPSTREAM_KEYS, UpstreamBinder.TLS_KEYS, UpstreamBinder.POOL_KEYS,
                        UpstreamBinder.HEALTH_CHECK_KEYS, UpstreamBinder.OUTLIER_KEYS, RouteBinder.ROUTE_KEYS)
                .flatMap(List::stream).distinct().toList();

        assertThat(documentedKeys(reference)).containsAll(keys).contains("cert", "key", "host", "path_prefix");
    }

    /** The backticked names in headings and in the first column of tables; {@code a.b} counts as {@code b}. */
    private static Set<String> documentedKeys(String markdown) {
        Set<String> documented = new HashSet<>();
        for (String line : markdown.lines().toList()) {
            String place = line.startsWith("#") ? line
                    : line.startsWith("| `") ? line.substring(0, line.indexOf(" |", 2)) : "";
            Matcher names = BACKTICKED.matcher(place);
            while (names.find()) {
                String name = names.group(1);
                documented.add(name.substring(name.lastIndexOf('.') + 1));
            }
        }
        return documented;
    }

    @Test
    void theErrorExampleIsWhatTheLoaderPrints() throws IOException {
        String errorsSection = Files.readString(REFERENCE).split("## Errors", 2)[1];
        String yaml = block(errorsSection, "```yaml\n");
        String expected = block(errorsSection, "```text\n");
        Path file = dir.resolve("proxy.yaml");
        Files.writeString(file, yaml);

        String printed = "";
        try {
            new ConfigLoader(Map.of("PORT", "http")).load(file);
        } catch (ConfigException e) {
            printed = e.getMessage().replace(file.toString(), "config/proxy.yaml") + "\n";
        }
        assertThat(printed).isEqualTo(expected);
    }

    private static String block(String markdown, String opening) {
        int start = markdown.indexOf(opening) + opening.length();
        return markdown.substring(start, markdown.indexOf("```", start));
    }
}
