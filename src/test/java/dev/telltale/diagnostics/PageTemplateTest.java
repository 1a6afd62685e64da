package dev.telltale.diagnostics;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageTemplateTest {

    @Test
    void slotsAreFilledAndSectionsKeptOnlyWhenOn() {
        PageTemplate template = PageTemplate.parse("a{{x}}b{{#on}}[{{y}}]{{/on}}{{#off}}gone{{/off}}c");

        assertThat(template.render(Map.of("x", "1", "y", "2"), Set.of("on"))).isEqualTo("a1b[2]c");
        assertThat(template.render(Map.of("x", "1"), Set.of())).isEqualTo("a1bc");
    }

    @Test
    void valuesAreInsertedOnceAndNeverReadAsPlaceholders() {
        PageTemplate template = PageTemplate.parse("{{a}}|{{b}}");

        assertThat(template.render(Map.of("a", "{{b}}", "b", "{{#s}}x"), Set.of())).isEqualTo("{{b}}|{{#s}}x");
    }

    @Test
    void aMissingValueIsAnErrorNotABlank() {
        PageTemplate template = PageTemplate.parse("{{a}}");

        assertThatThrownBy(() -> template.render(Map.of(), Set.of())).hasMessageContaining("{{a}}");
    }

    @Test
    void badTemplatesAreRefusedWhenParsed() {
        assertThatThrownBy(() -> PageTemplate.parse("{{#s}}open")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> PageTemplate.parse("x{{/s}}")).hasMessageContaining("closes no open section");
        assertThatThrownBy(() -> PageTemplate.parse("{{#s}}{{/t}}")).hasMessageContaining("closes no open section");
        assertThatThrownBy(() -> PageTemplate.parse("{{oops")).hasMessageContaining("unclosed");
    }

    @Test
    void theErrorPageTemplateLoads() {
        assertThat(PageTemplate.resource("error-page.html")).isNotNull();
    }
}
