package dev.telltale.config;

import java.time.Duration;

/** Bounds of the in-memory store of proxy-made errors. */
public record IncidentsConfig(int maxEntries, Duration maxAge) {

    public static final IncidentsConfig DEFAULTS = new IncidentsConfig(10_000, Duration.ofHours(1));
}
