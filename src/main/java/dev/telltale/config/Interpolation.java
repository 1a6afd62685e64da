package dev.telltale.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in a scalar's text with values from the
 * environment. It runs on values after YAML parsing, so a variable can never add keys or
 * structure. As in a shell, {@code :-} also falls back when the variable is set but empty;
 * {@code $${} writes a literal {@code ${}.
 */
final class Interpolation {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> environment;

    Interpolation(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** @throws IllegalArgumentException naming each unset variable, or the malformed reference */
    String expand(String text) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        List<String> unset = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException(
                            "`${` is not closed by `}` (write $${ for a literal ${)");
                }
                String value = resolve(text.substring(i + 2, end));
                if (value == null) {
                    unset.add(variableName(text.substring(i + 2, end)));
                } else {
                    out.append(value);
                }
                i = end + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        if (!unset.isEmpty()) {
            throw new IllegalArgumentException(unsetMessage(unset));
        }
        return out.toString();
    }

    /** The variable's value, its fallback, or null when it is unset and has no fallback. */
    private String resolve(String reference) {
        String name = variableName(reference);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("`${" + reference + "}` is not a variable reference"
                    + " (expected ${NAME} or ${NAME:-default}, NAME of letters, digits and _)");
        }
        String value = environment.get(name);
        int fallback = reference.indexOf(":-");
        if (fallback >= 0 && (value == null || value.isEmpty())) {
            return reference.substring(fallback + 2);
        }
        return value;
    }

    private static String variableName(String reference) {
        int fallback = reference.indexOf(":-");
        return fallback < 0 ? reference : reference.substring(0, fallback);
    }

    private static String unsetMessage(List<String> names) {
        String first = names.get(0);
        String hint = " (set it, or write ${" + first + ":-default} to give a fallback)";
        if (names.size() == 1) {
            return "environment variable " + first + " is not set" + hint;
        }
        return "environment variables " + String.join(", ", names) + " are not set" + hint;
    }
}
