package dev.telltale.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes YAML into a test's temporary directory and loads it, for assertions on values or errors. */
final class ConfigFiles {

    /** The smallest valid file: one upstream and one route; everything else takes its default. */
    static final String MINIMAL = """
            upstreams:
              app:
                targets: [ "app:3000" ]
            routes:
              - name: web
                upstream: app
            """;

    private final Path directory;
    private final Map<String, String> environment;

    ConfigFiles(Path directory) {
        this(directory, Map.of());
    }

    ConfigFiles(Path directory, Map<String, String> environment) {
        this.directory = directory;
        this.environment = environment;
    }

    Path write(String yaml) {
        Path file = directory.resolve("proxy.yaml");
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    ProxyConfig load(String yaml) throws ConfigException {
        return new ConfigLoader(environment).load(write(yaml));
    }

    /** The errors as {@code LINE:COL: path: message}, without the (temporary) file name. */
    /** Errors of {@link #MINIMAL} followed by {@code yaml}; MINIMAL takes lines 1-6, so {@code yaml} starts at line 7. */
    List<String> errorsAfterMinimal(String yaml) {
        return errors(MINIMAL + yaml);
    }

    List<String> errors(String yaml) {
        Path file = write(yaml);
        try {
            new ConfigLoader(environment).load(file);
        } catch (ConfigException e) {
            String prefix = file + ":";
            return e.errors().stream().map(ConfigError::toString)
                    .map(line -> line.startsWith(prefix) ? line.substring(prefix.length()) : line)
                    .toList();
        }
        throw new AssertionError("expected the config to fail to load:\n" + yaml);
    }
}
