package dev.telltale.accesslog;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;

/**
 * A time as the access log's {@code ts} prints it: ISO-8601 in UTC with exactly three
 * fraction digits, {@code 2026-11-23T14:02:11.042Z} ({@link Instant#toString} prints 0, 3, 6
 * or 9). Lines come many to a second, so the text up to the second is made once per second and
 * kept, and under load many to a millisecond, so the last whole text is kept too. Thread-safe
 * without a lock: each kept text is one immutable object, replaced whole, and a thread that
 * misses a replacement only formats again.
 */
final class UtcMillis {

    private static final DateTimeFormatter TO_THE_SECOND = new DateTimeFormatterBuilder().appendInstant(0).toFormatter();

    /** {@code prefix} is the text for {@code epochSecond} without the trailing {@code Z}. */
    private record Second(long epochSecond, String prefix) {
    }

    private record Milli(long epochMilli, String text) {
    }

    private static Second last = new Second(Long.MIN_VALUE, "");
    private static Milli lastMilli = new Milli(Long.MIN_VALUE, "");

    private UtcMillis() {
    }

    static String format(Instant time) {
        long epochMilli = time.toEpochMilli();
        Milli kept = lastMilli;
        if (kept.epochMilli() == epochMilli) {
            return kept.text();
        }
        String text = formatNew(time);
        lastMilli = new Milli(epochMilli, text);
        return text;
    }

    private static String formatNew(Instant time) {
        long epochSecond = time.getEpochSecond();
        Second second = last;
        if (second.epochSecond() != epochSecond) {
            String whole = TO_THE_SECOND.format(Instant.ofEpochSecond(epochSecond));
            second = new Second(epochSecond, whole.substring(0, whole.length() - 1));
            last = second;
        }
        int millis = time.getNano() / 1_000_000;
        return second.prefix() + '.' + (char) ('0' + millis / 100) + (char) ('0' + millis / 10 % 10)
                + (char) ('0' + millis % 10) + 'Z';
    }
}
