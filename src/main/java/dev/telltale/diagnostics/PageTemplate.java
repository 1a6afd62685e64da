package dev.telltale.diagnostics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A minimal HTML template: {@code {{name}}} is replaced by a value that the caller has already
 * escaped, {@code {{#name}}...{{/name}}} is kept only when the section is on. The template is
 * compiled once, and values are inserted in a single pass, so a value that itself contains
 * {@code {{...}}} is never read as a placeholder. A missing value or an unclosed section is an
 * error, not a blank. The page comes out as UTF-8 bytes.
 */
final class PageTemplate {

    private sealed interface Part permits Text, Slot, Section { }

    /** Encoded once, when the template is parsed. */
    private record Text(byte[] utf8) implements Part {
        Text(String text) {
            this(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private record Slot(String name) implements Part { }

    private record Section(String name, List<Part> body) implements Part { }

    private final List<Part> parts;

    private PageTemplate(List<Part> parts) {
        this.parts = parts;
    }

    static PageTemplate resource(String name) {
        try (InputStream in = PageTemplate.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    static PageTemplate parse(String source) {
        List<Part> parts = new ArrayList<>();
        parse(source, 0, null, parts);
        return new PageTemplate(List.copyOf(parts));
    }

    /** Parses from {@code from} until {@code {{/section}}} (or the end when section is null). */
    private static int parse(String source, int from, String section, List<Part> into) {
        int at = from;
        while (true) {
            int open = source.indexOf("{{", at);
            if (open < 0) {
                if (section != null) {
                    throw new IllegalStateException("template: section " + section + " is not closed");
                }
                into.add(new Text(source.substring(at)));
                return source.length();
            }
            int close = source.indexOf("}}", open);
            if (close < 0) {
                throw new IllegalStateException("template: unclosed {{ at offset " + open);
            }
            into.add(new Text(source.substring(at, open)));
            String tag = source.substring(open + 2, close).strip();
            at = close + 2;
            if (tag.startsWith("#")) {
                List<Part> body = new ArrayList<>();
                at = parse(source, at, tag.substring(1), body);
                into.add(new Section(tag.substring(1), List.copyOf(body)));
            } else if (tag.startsWith("/")) {
                if (!tag.substring(1).equals(section)) {
                    throw new IllegalStateException("template: {{" + tag + "}} closes no open section");
                }
                return at;
            } else {
                into.add(new Slot(tag));
            }
        }
    }

    /**
     * @param html     every placeholder's value, already HTML
     * @param sections the sections to keep
     */
    byte[] render(Map<String, String> html, Set<String> sections) {
        Utf8Builder out = Utf8Builder.scratch();
        render(parts, html, sections, out);
        return out.toByteArray();
    }

    private static void render(List<Part> parts, Map<String, String> html, Set<String> sections, Utf8Builder out) {
        for (Part part : parts) {
            if (part instanceof Text text) {
                out.append(text.utf8());
            } else if (part instanceof Slot slot) {
                String value = html.get(slot.name());
                if (value == null) {
                    throw new IllegalStateException("template: no value for {{" + slot.name() + "}}");
                }
                out.append(value);
            } else if (part instanceof Section s && sections.contains(s.name())) {
                render(s.body(), html, sections, out);
            }
        }
    }
}
