package dev.telltale.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML text into {@link YamlNode}s with Jackson's streaming parser, which keeps the
 * position of every token (a data-binding tree would lose it, and every config error names its
 * line and column). Duplicate keys are reported here, since a map cannot hold both.
 */
final class YamlTree {

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final YAMLParser parser;
    private final ConfigErrors errors;
    private final Map<String, YamlNode> anchors = new HashMap<>();

    private YamlTree(YAMLParser parser, ConfigErrors errors) {
        this.parser = parser;
        this.errors = errors;
    }

    /** The document's root, or null when it is empty or not valid YAML (the error is recorded). */
    static YamlNode parse(String text, ConfigErrors errors) {
        try (YAMLParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() == null) {
                errors.add(1, 1, "", "the file is empty; expected a mapping with at least `upstreams` and `routes`");
                return null;
            }
            YamlNode root = new YamlTree(parser, errors).readValue("");
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                errors.add(at.getLineNr(), at.getColumnNr(), "",
                        "a second YAML document starts here; a config file holds exactly one");
            }
            return root;
        } catch (JsonProcessingException e) {
            reportSyntaxError(e, errors);
            return null;
        } catch (IOException e) {
            // Reading from a String cannot fail on I/O; anything here is a parse problem.
            errors.add(1, 1, "", "cannot parse YAML: " + e.getMessage());
            return null;
        }
    }

    private YamlNode readValue(String path) throws IOException {
        JsonLocation at = parser.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        String anchor = parser.getCurrentAnchor();
        YamlNode node = switch (parser.currentToken()) {
            case START_OBJECT -> readMapping(path, line, column);
            case START_ARRAY -> readSequence(path, line, column);
            case VALUE_NULL -> new YamlNode.Scalar(parser.getText(), true, line, column);
            default -> parser.isCurrentAlias()
                    ? resolveAlias(path, line, column)
                    : new YamlNode.Scalar(parser.getText(), false, line, column);
        };
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    private YamlNode readMapping(String path, int line, int column) throws IOException {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonLocation keyAt = parser.currentTokenLocation();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            parser.nextToken();
            YamlNode value = readValue(keyPath);
            YamlNode.Entry first = entries.get(key);
            if (first != null) {
                errors.add(keyAt.getLineNr(), keyAt.getColumnNr(), keyPath,
                        "duplicate key `" + key + "` (first set at line " + first.line() + ")");
            } else {
                entries.put(key, new YamlNode.Entry(key, keyAt.getLineNr(), keyAt.getColumnNr(), value));
            }
        }
        return new YamlNode.Mapping(entries, line, column);
    }

    private YamlNode readSequence(String path, int line, int column) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(readValue(path + "[" + items.size() + "]"));
        }
        return new YamlNode.Sequence(items, line, column);
    }

    /** {@code *name} stands for the value anchored earlier as {@code &name}. */
    private YamlNode resolveAlias(String path, int line, int column) throws IOException {
        String name = parser.getText();
        YamlNode anchored = anchors.get(name);
        if (anchored == null) {
            errors.add(line, column, path, "alias *" + name + " refers to no anchor &" + name + " above it");
            return new YamlNode.Scalar("", true, line, column);
        }
        return anchored;
    }

    // Jackson exposes the exact problem position only through this deprecated wrapper;
    // the parser's own location is where it stopped reading, often a line too early.
    @SuppressWarnings("deprecation")
    private static void reportSyntaxError(JsonProcessingException e, ConfigErrors errors) {
        if (e instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            var problemAt = marked.getProblemMark();
            String message = "YAML syntax error: " + readable(marked.getProblem());
            var contextAt = marked.getContextMark();
            if (marked.getContext() != null && contextAt != null) {
                message += " (" + marked.getContext() + " started at line " + (contextAt.getLine() + 1)
                        + ", column " + (contextAt.getColumn() + 1) + ")";
            }
            errors.add(problemAt.getLine() + 1, problemAt.getColumn() + 1, "", message);
            return;
        }
        JsonLocation at = e.getLocation();
        String first = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
        if (first.startsWith("Expected a field name")) {
            first = "a mapping key must be a plain value, not a list or a mapping";
        }
        errors.add(at == null ? 1 : Math.max(1, at.getLineNr()), at == null ? 1 : Math.max(1, at.getColumnNr()),
                "", "YAML syntax error: " + first);
    }

    private static String readable(String problem) {
        if (problem == null) {
            return "invalid YAML";
        }
        String text = problem.replace("\\t(TAB)", "tab").strip();
        // SnakeYAML reads a leading ':' as a key marker; IPv6 literals trip on it most often.
        return text.contains("found ':'") ? text + "; quote values that start with ':', e.g. \"::1/128\"" : text;
    }
}
