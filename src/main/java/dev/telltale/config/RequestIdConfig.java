package dev.telltale.config;

/** Which header carries the request ID, and whether a well-formed incoming one is kept. */
public record RequestIdConfig(String header, boolean trustIncoming) {

    public static final RequestIdConfig DEFAULTS = new RequestIdConfig("X-Request-Id", true);
}
