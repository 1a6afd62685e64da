package dev.telltale.failure;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The explanation of every {@link Failure}, read once from {@code explanations.yaml} next to
 * this class. A missing, incomplete or misspelt entry stops the class from loading, so a gap in
 * the text is found by the first test or the first start, not by a user on a bad day.
 */
public final class Explanations {

    static final String RESOURCE = "explanations.yaml";
    private static final Set<String> FIELDS = Set.of("title", "summary", "explanation", "causes", "next_checks");
    private static final Map<Failure, Explanation> ALL = load();

    private Explanations() {
    }

    public static Explanation of(Failure failure) {
        return ALL.get(failure);
    }

    private static Map<Failure, Explanation> load() {
        try (InputStream in = Explanations.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** Reads and checks a whole file; every problem is listed in one exception. */
    static Map<Failure, Explanation> parse(InputStream in) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        JsonNode root = yaml.readTree(in);
        List<String> problems = new ArrayList<>();
        Map<Failure, Explanation> all = new EnumMap<>(Failure.class);
        if (root == null || !root.isObject()) {
            throw new IllegalStateException(RESOURCE + ": expected a mapping of failure names");
        }
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            Failure failure = failureNamed(entry.getKey());
            if (failure == null) {
                problems.add(entry.getKey() + ": not a failure name");
            } else {
                Explanation explanation = entry(entry.getKey(), entry.getValue(), problems);
                if (explanation != null) {
                    all.put(failure, explanation);
                }
            }
        }
        for (Failure failure : Failure.values()) {
            if (!root.has(failure.wireName())) {
                problems.add(failure.wireName() + ": no entry");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(RESOURCE + " is incomplete:\n  " + String.join("\n  ", problems));
        }
        return all;
    }

    private static Failure failureNamed(String wireName) {
        for (Failure failure : Failure.values()) {
            if (failure.wireName().equals(wireName)) {
                return failure;
            }
        }
        return null;
    }

    private static Explanation entry(String name, JsonNode node, List<String> problems) {
        if (!node.isObject()) {
            problems.add(name + ": expected title, summary, explanation, causes and next_checks");
            return null;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                problems.add(name + "." + field.getKey() + ": unknown field");
            }
        }
        int before = problems.size();
        String title = text(name, node, "title", problems);
        String summary = text(name, node, "summary", problems);
        String explanation = text(name, node, "explanation", problems);
        List<String> causes = list(name, node, "causes", problems);
        List<String> nextChecks = list(name, node, "next_checks", problems);
        if (summary != null && !summary.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
            problems.add(name + ".summary: must be printable ASCII (it is sent in Proxy-Status)");
        }
        if (title != null && title.contains("\n")) {
            problems.add(name + ".title: must be one line");
        }
        return problems.size() > before ? null : new Explanation(title, summary, explanation, causes, nextChecks);
    }

    private static String text(String name, JsonNode node, String field, List<String> problems) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            problems.add(name + "." + field + ": missing or empty");
            return null;
        }
        return value.asText().strip();
    }

    private static List<String> list(String name, JsonNode node, String field, List<String> problems) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray() || value.isEmpty()) {
            problems.add(name + "." + field + ": expected a non-empty list");
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || item.asText().isBlank()) {
                problems.add(name + "." + field + ": every item must be a non-empty string");
            } else {
                items.add(item.asText().strip());
            }
        }
        return items;
    }
}
