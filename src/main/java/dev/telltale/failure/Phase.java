package dev.telltale.failure;

/** Where in the exchange something happened, in order. */
public enum Phase {
    ROUTING, CONNECT, TLS, REQUEST, RESPONSE_HEAD, RESPONSE_BODY;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
