package dev.telltale.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One kind of scalar value: what it must look like (for "expected ..." messages) and how its
 * text becomes a Java value.
 */
record ValueType<T>(String expected, Parser<T> parser) {

    interface Parser<T> {
        T parse(String text) throws InvalidValueException;
    }

    static final ValueType<Duration> DURATION =
            new ValueType<>("a duration (examples: " + Durations.EXAMPLES + ")", Durations::parse);

    static final ValueType<Duration> POSITIVE_DURATION =
            DURATION.require(d -> !d.isZero(), "must be more than 0 here");

    static final ValueType<Long> SIZE = new ValueType<>("a size (examples: " + Sizes.EXAMPLES + ")", Sizes::parse);

    static final ValueType<Boolean> BOOLEAN = new ValueType<>("true or false",
            text -> switch (text.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new InvalidValueException("is not true or false");
            });

    static final ValueType<String> TEXT = new ValueType<>("a text value", text -> {
        if (text.isBlank()) {
            throw new InvalidValueException("is empty; a value is needed here");
        }
        return text;
    });

    T parse(String text) throws InvalidValueException {
        return parser.parse(text);
    }

    /** The same type, further limited; {@code reason} reads after the quoted text. */
    ValueType<T> require(Predicate<T> allowed, String reason) {
        return new ValueType<>(expected, text -> {
            T value = parser.parse(text);
            if (!allowed.test(value)) {
                throw new InvalidValueException(reason);
            }
            return value;
        });
    }

    static ValueType<Integer> integer(int min, int max) {
        String range = max == Integer.MAX_VALUE ? min + " or more" : "from " + min + " to " + max;
        return new ValueType<>("a whole number " + range, text -> {
            if (!text.matches("-?\\d{1,10}")) {
                throw new InvalidValueException("is not a whole number " + range);
            }
            long value = Long.parseLong(text);
            if (value < min || value > max) {
                throw new InvalidValueException("is out of range; expected a whole number " + range);
            }
            return (int) value;
        });
    }

    static ValueType<Integer> port(int min) {
        ValueType<Integer> number = integer(min, 65535);
        String expected = "a port number from " + min + " to 65535" + (min == 0 ? " (0 picks a free port)" : "");
        return new ValueType<>(expected, text -> {
            try {
                return number.parse(text);
            } catch (InvalidValueException e) {
                throw new InvalidValueException("is not " + expected);
            }
        });
    }

    /** A size that must fit the int-sized buffers of the HTTP codec. */
    static ValueType<Long> sizeFrom(long min) {
        return SIZE.require(v -> v >= min && v <= Integer.MAX_VALUE,
                "is out of range; expected from " + min + " to " + Integer.MAX_VALUE + " bytes");
    }

    /** One of a fixed set of names, e.g. {@code round_robin | least_request}. */
    static <E> ValueType<E> oneOf(Map<String, E> byName) {
        String names = String.join(", ", byName.keySet());
        return new ValueType<>("one of: " + names, text -> {
            E value = byName.get(text);
            if (value == null) {
                throw new InvalidValueException("is not one of: " + names + DidYouMean.hint(text, byName.keySet()));
            }
            return value;
        });
    }

    static <E extends Enum<E>> ValueType<E> oneOf(Class<E> type, Function<E, String> yamlName) {
        Map<String, E> byName = new LinkedHashMap<>();
        for (E constant : type.getEnumConstants()) {
            byName.put(yamlName.apply(constant), constant);
        }
        return oneOf(byName);
    }

    static ValueType<String> matching(Pattern pattern, String expected) {
        return new ValueType<>(expected, text -> {
            if (!pattern.matcher(text).matches()) {
                throw new InvalidValueException("is not " + expected);
            }
            return text;
        });
    }

    static ValueType<String> of(String expected, Parser<String> parser) {
        return new ValueType<>(expected, parser);
    }

    /** A file path; a relative one is taken from the config file's directory, not the working directory. */
    static ValueType<Path> path(Path configDirectory) {
        return new ValueType<>("a file path", text -> {
            if (text.isBlank()) {
                throw new InvalidValueException("is empty; a file path is needed here");
            }
            try {
                return configDirectory.resolve(text).normalize();
            } catch (InvalidPathException e) {
                throw new InvalidValueException("is not a valid file path: " + e.getReason());
            }
        });
    }
}
