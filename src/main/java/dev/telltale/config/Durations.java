package dev.telltale.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The config's duration syntax: a whole number with a unit ({@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}) or {@code 0}. */
public final class Durations {

    static final String EXAMPLES = "250ms, 5s, 1m";

    private static final Pattern SYNTAX = Pattern.compile("(-?)(\\d+)(ms|s|m|h)?");

    private Durations() {
    }

    static Duration parse(String text) throws InvalidValueException {
        Matcher m = SYNTAX.matcher(text.strip());
        if (!m.matches()) {
            throw new InvalidValueException("is not a duration (examples: " + EXAMPLES + ")");
        }
        if (m.group(2).length() > 12) {
            throw new InvalidValueException("is too large");
        }
        long amount = Long.parseLong(m.group(2));
        String unit = m.group(3);
        if (!m.group(1).isEmpty() && amount != 0) {
            throw new InvalidValueException("is negative; a duration is 0 or more (examples: " + EXAMPLES + ")");
        }
        if (unit == null) {
            if (amount == 0) {
                return Duration.ZERO;
            }
            throw new InvalidValueException("has no unit; write " + amount + "s or " + amount
                    + "ms (only 0 may be written without a unit)");
        }
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** Writes a duration back in config syntax with the largest exact unit: {@code 90s}, {@code 2m}, {@code 0}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0";
        }
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
