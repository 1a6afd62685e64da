package dev.telltale.failure;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code docs/failures.md} is what {@link FailuresDocument} makes of the enum and the explanations today. */
class FailuresDocumentTest {

    private static final Path DOCUMENT = Path.of("docs/failures.md");

    @Test
    void theFailuresDocumentIsUpToDate() throws IOException {
        String generated = FailuresDocument.render();
        if (Boolean.getBoolean("telltale.docs.write")) {
            Files.createDirectories(DOCUMENT.getParent());
            Files.writeString(DOCUMENT, generated, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(DOCUMENT) ? Files.readString(DOCUMENT, StandardCharsets.UTF_8) : "";
        assertThat(committed)
                .as("%s is stale: the Failure enum or explanations.yaml changed. Regenerate it with:%n  %s",
                        DOCUMENT, FailuresDocument.REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    void markdownSpecialCharactersAreEscaped() {
        assertThat(FailuresDocument.escape("upstreams.<name>.targets | a*b"))
                .isEqualTo("upstreams.\\<name>.targets \\| a\\*b");
    }
}
