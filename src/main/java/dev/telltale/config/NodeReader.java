package dev.telltale.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A YAML node at a key path such as {@code routes[0].timeouts.connect}, read as a typed value.
 * A problem is recorded with the node's position and the reader returns a fallback, so binding
 * goes on and every error in the file is found in one pass.
 */
final class NodeReader {

    private final YamlNode node;
    private final String path;
    private final BindContext context;

    NodeReader(YamlNode node, String path, BindContext context) {
        this.node = node;
        this.path = path;
        this.context = context;
    }

    YamlNode node() {
        return node;
    }

    String path() {
        return path;
    }

    BindContext context() {
        return context;
    }

    boolean isNull() {
        return node instanceof YamlNode.Scalar scalar && scalar.isNull();
    }

    void error(String message) {
        context.errors().add(node, path, message);
    }

    /** The value with {@code ${VAR}} expanded and parsed as {@code type}; {@code fallback} on any problem. */
    <T> T as(ValueType<T> type, T fallback) {
        if (!(node instanceof YamlNode.Scalar scalar) || scalar.isNull()) {
            error("expected " + type.expected() + ", found " + node.describe());
            return fallback;
        }
        String text;
        try {
            text = context.interpolation().expand(scalar.text());
        } catch (IllegalArgumentException e) {
            error(e.getMessage());
            return fallback;
        }
        try {
            return type.parse(text);
        } catch (InvalidValueException e) {
            String origin = text.equals(scalar.text()) ? "" : " (from " + scalar.text() + ")";
            error(Quoted.of(text) + origin + " " + e.reason());
            return fallback;
        }
    }

    /**
     * This node as a mapping whose keys must be among {@code knownKeys}; each other key is an
     * error. Null (or nothing) reads as an absent mapping, so every key takes its default.
     */
    MapReader asMap(List<String> knownKeys) {
        if (node instanceof YamlNode.Mapping mapping) {
            return MapReader.present(this, mapping, knownKeys);
        }
        if (!isNull()) {
            error("expected a mapping with keys " + String.join(", ", knownKeys) + ", found " + node.describe());
        }
        return MapReader.absent(this, knownKeys);
    }

    /** A mapping whose keys are names chosen in the file, such as the upstreams; empty on a wrong kind. */
    List<NamedNode> asNamedEntries(String expected) {
        List<NamedNode> named = new ArrayList<>();
        if (node instanceof YamlNode.Mapping mapping) {
            for (YamlNode.Entry entry : mapping.entries().values()) {
                NodeReader value = new NodeReader(entry.value(), path + "." + entry.key(), context);
                named.add(new NamedNode(entry, value));
            }
        } else {
            error("expected " + expected + ", found " + node.describe());
        }
        return named;
    }

    /** The items of a list, each with its indexed path; an error and no items for any other kind. */
    List<NodeReader> asList(String expected) {
        List<NodeReader> items = new ArrayList<>();
        if (node instanceof YamlNode.Sequence sequence) {
            for (YamlNode item : sequence.items()) {
                items.add(new NodeReader(item, path + "[" + items.size() + "]", context));
            }
        } else {
            error("expected " + expected + ", found " + node.describe());
        }
        return items;
    }

    /** A key chosen in the file (with its position) and the reader of its value. */
    record NamedNode(YamlNode.Entry key, NodeReader value) {
        String name() {
            return key.key();
        }

        void errorAtKey(String message) {
            value.context().errors().add(key.line(), key.column(), value.path(), message);
        }
    }
}
