package dev.telltale.config;

/** Settings every route inherits unless it overrides them. */
public record DefaultsConfig(TimeoutsConfig timeouts, LimitsConfig limits, RetryConfig retry) {

    public static final DefaultsConfig DEFAULTS =
            new DefaultsConfig(TimeoutsConfig.DEFAULTS, LimitsConfig.DEFAULTS, RetryConfig.DEFAULTS);
}
