package dev.telltale.cli;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * The application log's format, and its end. {@code TELLTALE_LOG_FORMAT}: the application log as {@code text} (the default) or {@code json}.
 * logback.xml picks its appender by that name, and an unknown name would silence every line, so
 * it is checked before anything is logged.
 */
final class LogFormat {

    static final String VARIABLE = "TELLTALE_LOG_FORMAT";

    private LogFormat() {
    }

    /**
     * Writes the lines still queued in the asynchronous appender, as the process ends: else the
     * last ones ("stopped") can be lost with the JVM. Logging after this is not written.
     */
    static void flush() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }

    /** Null when the setting is absent or valid; else what is wrong with it. */
    static String problem() {
        String value = System.getProperty(VARIABLE, System.getenv(VARIABLE));
        if (value == null || value.equals("text") || value.equals("json")) {
            return null;
        }
        return VARIABLE + "=\"" + value + "\" is not a log format: use text (the default) or json";
    }
}
