package dev.telltale.config;

/** Where the access log goes: {@code stdout} or a file path. */
public record AccessLogConfig(String target) {

    public static final String STDOUT = "stdout";

    public static final AccessLogConfig DEFAULTS = new AccessLogConfig(STDOUT);

    public boolean toStdout() {
        return STDOUT.equals(target);
    }
}
