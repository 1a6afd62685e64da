package dev.telltale.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parser for the Prometheus text exposition format (version 0.0.4), strict enough to reject
 * what Prometheus would: every sample is a metric name, optional labels with escaped quoted
 * values, and a float; comments are HELP or TYPE lines with a known type.
 */
public final class PrometheusText {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private PrometheusText() {
    }

    /** The value of the first sample named {@code name} whose labels include the given name/value pairs. */
    public static double value(List<Sample> samples, String name, String... labels) {
        return samples.stream().filter(s -> s.name().equals(name)).filter(s -> {
            for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                    return false;
                }
            }
            return true;
        }).mapToDouble(Sample::value).findFirst().orElseThrow(() -> new AssertionError("no " + name + " in scrape"));
    }

    public static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        int lineNumber = 0;
        for (String line : text.split("\n")) {
            lineNumber++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                if (line.startsWith("# TYPE") && !TYPE.matcher(line).matches()
                        || line.startsWith("# HELP") && !HELP.matcher(line).matches()) {
                    throw new IllegalArgumentException("line " + lineNumber + ": bad comment: " + line);
                }
                continue;
            }
            samples.add(sample(line, lineNumber));
        }
        return samples;
    }

    private static Sample sample(String line, int lineNumber) {
        Matcher name = NAME.matcher(line);
        if (!name.lookingAt()) {
            throw new IllegalArgumentException("line " + lineNumber + ": no metric name: " + line);
        }
        int at = name.end();
        Map<String, String> labels = new LinkedHashMap<>();
        if (at < line.length() && line.charAt(at) == '{') {
            int close = line.indexOf('}', at);
            String body = line.substring(at + 1, close);
            Matcher label = LABEL.matcher(body);
            int position = 0;
            while (position < body.length()) {
                if (!label.find(position) || label.start() != position) {
                    throw new IllegalArgumentException("line " + lineNumber + ": bad labels: " + line);
                }
                labels.put(label.group(1), label.group(2).replace("\\\"", "\"").replace("\\n", "\n")
                        .replace("\\\\", "\\"));
                position = label.end();
                if (position < body.length() && body.charAt(position) == ',') {
                    position++;
                }
            }
            at = close + 1;
        }
        String[] rest = line.substring(at).trim().split(" ");
        return new Sample(name.group(), labels, parseValue(rest[0], lineNumber));
    }

    private static double parseValue(String text, int lineNumber) {
        switch (text) {
            case "+Inf": return Double.POSITIVE_INFINITY;
            case "-Inf": return Double.NEGATIVE_INFINITY;
            case "NaN": return Double.NaN;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + lineNumber + ": bad value " + text, e);
                }
        }
    }
}
