package dev.telltale.diagnostics;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageTemplateTest {

    @Test
    void slotsAreFilledAndSectionsKeptOnlyWhenOn() {
        PageTemplate template = PageTemplate.parse("a{{x}}b{{#on}}[{{y}}]{{/on}}{{#off}}gone{{/off}}c");

        assertThat(render(template, Map.of("x", "1", "y", "2"), Set.of("on"))).isEqualTo("a1b[2]c");
        assertThat(render(template, Map.of("x", "1"), Set.of())).isEqualTo("a1bc");
    }

    @Test
    void valuesAreInsertedOnceAndNeverReadAsPlaceholders() {
        PageTemplate template = PageTemplate.parse("{{a}}|{{b}}");

        assertThat(render(template, Map.of("a", "{{b}}", "b", "{{#s}}x"), Set.of())).isEqualTo("{{b}}|{{#s}}x");
    }

    @Test
    void textAndValuesComeOutAsUtf8() {
        PageTemplate template = PageTemplate.parse("\u2713 {{x}} \u2014");

        assertThat(template.render(Map.of("x", "caf\u00e9 \ud83d\ude00"), Set.of()))
                .isEqualTo("\u2713 caf\u00e9 \ud83d\ude00 \u2014".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMissingValueIsAnErrorNotABlank() {
        PageTemplate template = PageTemplate.parse("{{a}}");

        assertThatThrownBy(() -> render(template, Map.of(), Set.of())).hasMessageContaining("{{a}}");
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

    private static String render(PageTemplate template, Map<String, String> html, Set<String> sections) {
        return new String(template.render(html, sections), StandardCharsets.UTF_8);
    }
}
