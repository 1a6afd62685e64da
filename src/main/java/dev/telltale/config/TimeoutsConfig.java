package dev.telltale.config;

import java.time.Duration;

/** Upstream timeouts; {@link Duration#ZERO} means no limit. */
public record TimeoutsConfig(
        Duration connect,
        Duration tlsHandshake,
        Duration responseHeader,
        Duration idle,
        Duration total) {

    public static final TimeoutsConfig DEFAULTS = new TimeoutsConfig(
            Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(60),
            Duration.ofSeconds(60), Duration.ZERO);
}
