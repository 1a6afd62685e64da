package dev.telltale.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML value with the place it was written (1-based line and column), so every
 * error found while binding can point at the text the operator has to fix.
 */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

    int line();

    int column();

    /** How an error message names what was found here, e.g. {@code a list} or {@code "5 sec"}. */
    String describe();

    /** A plain or quoted value; {@code isNull} for {@code null}, {@code ~} or nothing at all. */
    record Scalar(String text, boolean isNull, int line, int column) implements YamlNode {
        @Override
        public String describe() {
            if (isNull) {
                return text.isEmpty() ? "nothing" : "null";
            }
            return Quoted.of(text);
        }
    }

    /** A key with its own position, so an unknown or duplicate key is pointed at, not its value. */
    record Entry(String key, int line, int column, YamlNode value) {
    }

    /** Entries in file order. */
    record Mapping(Map<String, Entry> entries, int line, int column) implements YamlNode {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record Sequence(List<YamlNode> items, int line, int column) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }
}
