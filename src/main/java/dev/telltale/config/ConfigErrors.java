package dev.telltale.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The errors found in one file so far; loading goes on after each so all are reported at once. */
final class ConfigErrors {

    private final String file;
    private final List<ConfigError> errors = new ArrayList<>();

    ConfigErrors(String file) {
        this.file = file;
    }

    void add(int line, int column, String path, String message) {
        errors.add(new ConfigError(file, line, column, path, message));
    }

    void add(YamlNode at, String path, String message) {
        add(at.line(), at.column(), path, message);
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** In file order, as a compiler lists them; errors at the same place keep the order found. */
    List<ConfigError> inFileOrder() {
        List<ConfigError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column));
        return sorted;
    }

    ConfigException toException() {
        return new ConfigException(inFileOrder());
    }
}
