package dev.telltale.triage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;

/**
 * How times are printed: UTC, to the second, with the date only when the input spans more than
 * one UTC day (an incident read at 3 a.m. must not fold two days into one clock).
 */
final class UtcTimes {

    // The access log's own format: always three fraction digits.
    private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder().appendInstant(3).toFormatter();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final boolean withDate;

    private UtcTimes(boolean withDate) {
        this.withDate = withDate;
    }

    /** For everything seen between {@code first} and {@code last}; either may be null when nothing was. */
    static UtcTimes spanning(Instant first, Instant last) {
        return new UtcTimes(first != null && last != null
                && !first.truncatedTo(ChronoUnit.DAYS).equals(last.truncatedTo(ChronoUnit.DAYS)));
    }

    static UtcTimes of(boolean withDate) {
        return new UtcTimes(withDate);
    }

    boolean withDate() {
        return withDate;
    }

    String time(Instant at) {
        return at == null ? "-" : (withDate ? DATE_TIME : TIME).format(at);
    }

    String minute(Instant at) {
        return at == null ? "-" : (withDate ? DATE_MINUTE : MINUTE).format(at);
    }

    static String iso(Instant at) {
        return at == null ? null : ISO.format(at);
    }
}
