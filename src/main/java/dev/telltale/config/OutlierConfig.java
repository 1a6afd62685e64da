package dev.telltale.config;

import java.time.Duration;

/** Passive ejection of a target after consecutive failures. */
public record OutlierConfig(int consecutiveFailures, Duration ejection) {

    /** The values of an {@code outlier} section that sets none of its keys ({@code {}}). */
    public static final OutlierConfig DEFAULTS = new OutlierConfig(5, Duration.ofSeconds(30));
}
