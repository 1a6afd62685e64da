package dev.telltale.config;

/** Upstream response limits in bytes; 0 means no limit. */
public record LimitsConfig(long maxResponseHeaderBytes, long maxResponseBodyBytes) {

    public static final LimitsConfig DEFAULTS = new LimitsConfig(32 * 1024, 0);
}
