package dev.telltale.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tracing}: off unless an OTLP endpoint is written, an empty one (an unset variable) is off, and a bad one is a located error. */
class TracingConfigTest {

    @TempDir
    Path dir;

    @Test
    void noTracingSectionExportsNothing() throws Exception {
        TracingConfig tracing = new ConfigFiles(dir).load(ConfigFiles.MINIMAL).tracing();
        assertThat(tracing).isEqualTo(TracingConfig.DEFAULTS);
        assertThat(tracing.exports()).isFalse();
    }

    @Test
    void anEndpointTurnsExportOnWithItsSettings() throws Exception {
        TracingConfig tracing = new ConfigFiles(dir).load(ConfigFiles.MINIMAL + """
                tracing:
                  otlp: { endpoint: "https://otel.example:4318/v1/traces", timeout: 3s }
                  service_name: shop-edge
                """).tracing();
        assertThat(tracing).isEqualTo(new TracingConfig("https://otel.example:4318/v1/traces", Duration.ofSeconds(3),
                "shop-edge"));
        assertThat(tracing.exports()).isTrue();
    }

    @Test
    void anEmptyEndpointIsOff() throws Exception {
        assertThat(new ConfigFiles(dir).load(ConfigFiles.MINIMAL + """
                tracing:
                  otlp: { endpoint: "" }
                """).tracing().exports()).isFalse();
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlIsALocatedError() {
        assertThat(new ConfigFiles(dir).errorsAfterMinimal("""
                tracing:
                  otlp: { endpoint: "otel:4317", timeout: 0s }
                """)).hasSize(2).anySatisfy(error -> assertThat(error).contains("tracing.otlp.endpoint")
                        .contains("expected an http:// or https:// URL"))
                .anySatisfy(error -> assertThat(error).contains("tracing.otlp.timeout"));
    }
}
