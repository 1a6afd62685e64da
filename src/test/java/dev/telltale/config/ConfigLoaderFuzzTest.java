package dev.telltale.config;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the config loader with arbitrary text. Property: it returns a config or throws
 * {@link ConfigException} with at least one error that has a line and column; never anything
 * else (a NullPointerException, a StackOverflowError, a hang).
 */
@Tag("fuzz")
class ConfigLoaderFuzzTest {

    private static Path dir;
    private static Path file;

    @BeforeAll
    static void makeDirectory() throws IOException {
        dir = Files.createTempDirectory("telltale-config-fuzz");
        file = dir.resolve("proxy.yaml");
    }

    @AfterAll
    static void removeDirectory() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    @FuzzTest(maxDuration = "20s")
    void anyTextGivesAConfigOrLocatedErrors(FuzzedDataProvider data) throws IOException {
        String yaml = data.consumeRemainingAsString();
        Files.write(file, yaml.getBytes(StandardCharsets.UTF_8));
        try {
            assertThat(new ConfigLoader(Map.of("PORT", "8080")).load(file)).isNotNull();
        } catch (ConfigException e) {
            assertThat(e.errors()).isNotEmpty().allSatisfy(error -> {
                assertThat(error.line()).isPositive();
                assertThat(error.column()).isPositive();
                assertThat(error.message()).isNotBlank();
            });
        }
    }
}
