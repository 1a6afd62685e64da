package dev.telltale.config;

/** One problem in a config file, located by line and column (1-based) and by key path. */
public record ConfigError(String file, int line, int column, String path, String message) {

    /** {@code FILE:LINE:COL: path.to.key: message}, the format {@code check} prints. */
    @Override
    public String toString() {
        String where = path == null || path.isEmpty() ? "" : path + ": ";
        return file + ":" + line + ":" + column + ": " + where + message;
    }
}
