package dev.telltale.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads one mapping of fixed keys, each with a default. The keys are declared up front, so an
 * unknown key (a typo) is reported as soon as the mapping is opened, with a "did you mean".
 */
final class MapReader {

    private final NodeReader owner;
    private final YamlNode.Mapping mapping;
    private final List<String> knownKeys;

    private MapReader(NodeReader owner, YamlNode.Mapping mapping, List<String> knownKeys) {
        this.owner = owner;
        this.mapping = mapping;
        this.knownKeys = List.copyOf(knownKeys);
    }

    static MapReader present(NodeReader owner, YamlNode.Mapping mapping, List<String> knownKeys) {
        MapReader reader = new MapReader(owner, mapping, knownKeys);
        for (YamlNode.Entry entry : mapping.entries().values()) {
            if (!knownKeys.contains(entry.key())) {
                String hint = DidYouMean.hint(entry.key(), knownKeys);
                String message = "unknown key `" + entry.key() + "`"
                        + (hint.isEmpty() ? " (allowed here: " + String.join(", ", knownKeys) + ")" : hint);
                owner.context().errors().add(entry.line(), entry.column(), reader.pathOf(entry.key()), message);
            }
        }
        return reader;
    }

    static MapReader absent(NodeReader owner, List<String> knownKeys) {
        return new MapReader(owner, null, knownKeys);
    }

    /** False when the mapping was not written (or was null), so everything in it takes its default. */
    boolean present() {
        return mapping != null;
    }

    NodeReader self() {
        return owner;
    }

    BindContext context() {
        return owner.context();
    }

    String pathOf(String key) {
        return owner.path().isEmpty() ? key : owner.path() + "." + key;
    }

    /** The value written for {@code key}, or null when the key is absent. */
    NodeReader get(String key) {
        if (!knownKeys.contains(key)) {
            throw new IllegalArgumentException("`" + key + "` is not declared among " + knownKeys);
        }
        YamlNode.Entry entry = mapping == null ? null : mapping.entries().get(key);
        return entry == null ? null : new NodeReader(entry.value(), pathOf(key), owner.context());
    }

    /** The known keys that were written here, in file order. */
    Set<String> keysWritten() {
        Set<String> written = new LinkedHashSet<>();
        if (mapping != null) {
            mapping.entries().keySet().stream().filter(knownKeys::contains).forEach(written::add);
        }
        return written;
    }

    <T> T value(String key, T fallback, ValueType<T> type) {
        NodeReader value = get(key);
        return value == null ? fallback : value.as(type, fallback);
    }

    /** A value that may be left out or written as null; null then. */
    <T> T optional(String key, ValueType<T> type) {
        NodeReader value = get(key);
        return value == null || value.isNull() ? null : value.as(type, null);
    }

    /** A value that must be written; its absence is reported at this mapping. Null when missing or wrong. */
    <T> T required(String key, ValueType<T> type, String why) {
        NodeReader value = get(key);
        if (value == null) {
            missing(key, why);
            return null;
        }
        return value.as(type, null);
    }

    void missing(String key, String why) {
        owner.context().errors().add(owner.node(), pathOf(key), "missing; " + why);
    }

    /** A nested mapping; absent (all defaults) when not written. */
    MapReader section(String key, List<String> sectionKeys) {
        NodeReader value = get(key);
        if (value != null) {
            return value.asMap(sectionKeys);
        }
        return absent(new NodeReader(owner.node(), pathOf(key), owner.context()), sectionKeys);
    }

    /** A list of values of one type; {@code fallback} when not written. Bad items are left out, repeats kept once. */
    <T> List<T> values(String key, List<T> fallback, ValueType<T> type) {
        NodeReader value = get(key);
        if (value == null) {
            return fallback;
        }
        List<T> parsed = new ArrayList<>();
        for (NodeReader item : value.asList("a list of " + type.expected())) {
            T one = item.as(type, null);
            if (one != null && !parsed.contains(one)) {
                parsed.add(one);
            }
        }
        return parsed;
    }
}
