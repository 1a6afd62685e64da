package dev.telltale.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The config's size syntax: bytes, optionally with a binary unit ({@code 512}, {@code 16KiB}, {@code 10MiB}, {@code 1GiB}). */
public final class Sizes {

    public static final long KIB = 1024;
    public static final long MIB = 1024 * KIB;
    public static final long GIB = 1024 * MIB;

    static final String EXAMPLES = "512, 16KiB, 10MiB, 1GiB";

    private static final Pattern SYNTAX = Pattern.compile("(-?)(\\d+)(B|KiB|MiB|GiB)?");
    // Decimal-looking units (16KB, 10M) are refused rather than guessed: 1000 or 1024?
    private static final Pattern DECIMAL_UNIT = Pattern.compile("\\d+\\s*[kKmMgG][bB]?");

    private Sizes() {
    }

    static long parse(String text) throws InvalidValueException {
        String trimmed = text.strip();
        Matcher m = SYNTAX.matcher(trimmed);
        if (!m.matches()) {
            if (DECIMAL_UNIT.matcher(trimmed).matches()) {
                throw new InvalidValueException("is not a size; units are B, KiB, MiB and GiB (powers of 1024),"
                        + " e.g. " + EXAMPLES);
            }
            throw new InvalidValueException("is not a size (examples: " + EXAMPLES + ")");
        }
        if (m.group(2).length() > 18) {
            throw new InvalidValueException("is too large");
        }
        long amount = Long.parseLong(m.group(2));
        if (!m.group(1).isEmpty() && amount != 0) {
            throw new InvalidValueException("is negative; a size is 0 or more (examples: " + EXAMPLES + ")");
        }
        long unit = m.group(3) == null ? 1 : switch (m.group(3)) {
            case "KiB" -> KIB;
            case "MiB" -> MIB;
            case "GiB" -> GIB;
            default -> 1;
        };
        try {
            return Math.multiplyExact(amount, unit);
        } catch (ArithmeticException e) {
            throw new InvalidValueException("is too large");
        }
    }

    /** Writes a byte count back in config syntax with the largest exact unit: {@code 16KiB}, {@code 512}. */
    public static String format(long bytes) {
        if (bytes != 0 && bytes % GIB == 0) {
            return bytes / GIB + "GiB";
        }
        if (bytes != 0 && bytes % MIB == 0) {
            return bytes / MIB + "MiB";
        }
        if (bytes != 0 && bytes % KIB == 0) {
            return bytes / KIB + "KiB";
        }
        return Long.toString(bytes);
    }

    /** Like {@link #format} but reads well in a sentence: {@code 16KiB}, {@code 10 bytes}. */
    public static String describe(long bytes) {
        String formatted = format(bytes);
        return formatted.chars().allMatch(Character::isDigit) ? formatted + " bytes" : formatted;
    }
}
