package dev.telltale.config;

import java.time.Duration;

/** Passive ejection of a target after consecutive failures. */
public record OutlierConfig(int consecutiveFailures, Duration ejection) {
}
