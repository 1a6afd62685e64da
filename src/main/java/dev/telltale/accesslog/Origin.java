package dev.telltale.accesslog;

import java.util.Locale;

/** Who produced the status the client received: the upstream app, or the proxy itself. */
public enum Origin {
    UPSTREAM,
    PROXY;

    private final String jsonName = name().toLowerCase(Locale.ROOT);

    /** The value written to the {@code origin} field. */
    public String jsonName() {
        return jsonName;
    }
}
