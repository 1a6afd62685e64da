package dev.telltale.failure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExplanationsTest {

    @ParameterizedTest
    @EnumSource(Failure.class)
    void everyFailureHasACompleteExplanation(Failure failure) {
        Explanation e = Explanations.of(failure);

        assertThat(e).as(failure.wireName()).isNotNull();
        assertThat(e.title()).isNotBlank().doesNotContain("\n");
        assertThat(e.summary()).isNotBlank();
        assertThat(e.explanation()).isNotBlank();
        assertThat(e.causes()).isNotEmpty().allSatisfy(c -> assertThat(c).isNotBlank());
        assertThat(e.nextChecks()).isNotEmpty().allSatisfy(c -> assertThat(c).isNotBlank());
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void summariesAreSafeForAnyoneAndForAHeader(Failure failure) {
        String summary = Explanations.of(failure).summary();

        assertThat(summary.chars()).allMatch(c -> c >= 0x20 && c <= 0x7E);
        // No addresses, ports or config internals in the one text shown at safe detail.
        assertThat(summary).doesNotContainPattern("\\d").doesNotContain(":", "/", "_");
    }

    @Test
    void connectionRefusedNamesTheCausesOperatorsMeet() {
        Explanation e = Explanations.of(Failure.CONNECTION_REFUSED);

        assertThat(e.title()).isEqualTo("Connection refused by the application");
        assertThat(e.summary()).isEqualTo("the application refused the connection");
        assertThat(String.join("\n", e.causes())).contains("still starting", "127.0.0.1", "OOM killed", "port");
        assertThat(e.nextChecks()).contains("docker compose ps app — is it running and healthy?",
                "docker compose logs --tail=50 app — did it start, crash or get OOM killed?");
    }

    @Test
    void staleConnectionPointsAtTheKeepAliveRace() {
        Explanation e = Explanations.of(Failure.STALE_CONNECTION);

        assertThat(String.join("\n", e.causes())).contains("keep-alive timeout is shorter than pool.idle_timeout");
        assertThat(String.join("\n", e.nextChecks())).contains("pool.idle_timeout");
    }

    @Test
    void aFileMissingAFailureIsRefusedNamingEveryGap() {
        String yaml = """
                dns_error:
                  title: t
                  summary: s
                  explanation: e
                  causes: [c]
                  next_checks: [n]
                """;

        assertThatThrownBy(() -> Explanations.parse(stream(yaml)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("connection_refused: no entry")
                .hasMessageContaining("client_closed: no entry")
                .hasMessageNotContaining("dns_error: no entry");
    }

    @Test
    void incompleteEntriesUnknownNamesAndUnknownFieldsAreRefused() {
        String yaml = """
                dns_error:
                  title: t
                  summary: "host: 10.0.0.1\\u00e9"
                  explanation: ""
                  causes: []
                  next_check: [n]
                conection_refused:
                  title: t
                """;

        assertThatThrownBy(() -> Explanations.parse(stream(yaml)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dns_error.explanation: missing or empty")
                .hasMessageContaining("dns_error.causes: expected a non-empty list")
                .hasMessageContaining("dns_error.next_check: unknown field")
                .hasMessageContaining("dns_error.summary: must be printable ASCII")
                .hasMessageContaining("conection_refused: not a failure name");
    }

    @Test
    void duplicateKeysAreRefused() {
        String yaml = "dns_error: {title: a}\ndns_error: {title: b}\n";

        assertThatThrownBy(() -> Explanations.parse(stream(yaml))).hasMessageContaining("dns_error");
    }

    private static InputStream stream(String text) throws IOException {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
