package dev.telltale.failure;

/**
 * Every way an exchange can fail, named as in RFC 9209 (Proxy-Status error types) plus
 * {@code stale_connection}; the constants map 1:1 to the failure classes of docs/failures.md and to the log, header,
 * page and metrics. Client-side outcomes have their own names too.
 */
public enum Failure {
    DNS_ERROR(502, Side.UPSTREAM, Trait.RETRIED_BY_DEFAULT, Trait.HOLDABLE),
    DNS_TIMEOUT(504, Side.UPSTREAM, Trait.RETRYABLE, Trait.HOLDABLE),
    CONNECTION_REFUSED(502, Side.UPSTREAM, Trait.TRANSIENT, Trait.RETRIED_BY_DEFAULT, Trait.HOLDABLE),
    CONNECTION_TIMEOUT(504, Side.UPSTREAM, Trait.RETRIED_BY_DEFAULT, Trait.HOLDABLE),
    DESTINATION_IP_UNROUTABLE(502, Side.UPSTREAM, Trait.RETRYABLE),
    DESTINATION_UNAVAILABLE(503, Side.UPSTREAM, Trait.TRANSIENT, Trait.HOLDABLE, Trait.NOT_THE_TARGETS_FAULT),
    CONNECTION_LIMIT_REACHED(503, Side.UPSTREAM, Trait.TRANSIENT, Trait.RETRYABLE, Trait.NOT_THE_TARGETS_FAULT),
    TLS_PROTOCOL_ERROR(502, Side.UPSTREAM),
    TLS_CERTIFICATE_ERROR(502, Side.UPSTREAM),
    TLS_ALERT_RECEIVED(502, Side.UPSTREAM),
    CONNECTION_TERMINATED(502, Side.UPSTREAM),
    HTTP_RESPONSE_INCOMPLETE(502, Side.UPSTREAM),
    HTTP_PROTOCOL_ERROR(502, Side.UPSTREAM),
    HTTP_RESPONSE_TRANSFER_CODING(502, Side.UPSTREAM),
    HTTP_RESPONSE_HEADER_SECTION_SIZE(502, Side.UPSTREAM),
    HTTP_RESPONSE_BODY_SIZE(502, Side.UPSTREAM),
    HTTP_RESPONSE_TIMEOUT(504, Side.UPSTREAM),
    CONNECTION_READ_TIMEOUT(504, Side.UPSTREAM),
    CONNECTION_WRITE_TIMEOUT(504, Side.UPSTREAM),
    STALE_CONNECTION(502, Side.UPSTREAM, Trait.TRANSIENT, Trait.RETRIED_BY_DEFAULT, Trait.NOT_THE_TARGETS_FAULT),
    DESTINATION_NOT_FOUND(404, Side.PROXY),
    PROXY_INTERNAL_ERROR(500, Side.PROXY),
    /** Not an RFC 9209 type: that list names limits towards the next hop, this one is the proxy's own. */
    CLIENT_CONNECTION_LIMIT_REACHED(503, Side.PROXY, Trait.TRANSIENT),

    HTTP_REQUEST_ERROR(400, Side.CLIENT),
    HTTP_REQUEST_TIMEOUT(408, Side.CLIENT),
    HTTP_REQUEST_HEADER_SECTION_SIZE(431, Side.CLIENT),
    HTTP_REQUEST_TARGET_SIZE(414, Side.CLIENT),
    HTTP_REQUEST_BODY_SIZE(413, Side.CLIENT),
    CLIENT_CLOSED(499, Side.CLIENT);

    /** Which hop the failure belongs to, for the hop diagram and for metrics. */
    public enum Side { CLIENT, PROXY, UPSTREAM }

    /** What may be done about a failure: the table above says which failure has which. */
    private enum Trait {
        /** Likely to clear up by itself soon: Retry-After, and a page that reloads itself. */
        TRANSIENT,
        /** May be listed in {@code retry.on}: no request byte reached the app, or the keep-alive race. */
        RETRYABLE,
        /** Retryable, and in {@code retry.on} unless the config says otherwise. */
        RETRIED_BY_DEFAULT,
        /** The deploy hold waits it out: the app is not there (yet), and no request byte reached it. */
        HOLDABLE,
        /** An upstream failure that says nothing of the target's health (passive health ignores it). */
        NOT_THE_TARGETS_FAULT
    }

    private final int status;
    private final Side side;
    private final String wireName;
    private final java.util.Set<Trait> traits;

    Failure(int status, Side side, Trait... traits) {
        this.status = status;
        this.side = side;
        this.wireName = name().toLowerCase(java.util.Locale.ROOT);
        this.traits = traits.length == 0 ? java.util.Set.of() : java.util.EnumSet.copyOf(java.util.List.of(traits));
    }

    /** The status sent to the client (499 is logged only: nobody is left to receive it). */
    public int status() {
        return status;
    }

    public Side side() {
        return side;
    }

    /**
     * Likely to clear up by itself soon (an app still starting, a full pool): the response
     * carries Retry-After and the page reloads itself.
     */
    public boolean isTransient() {
        return traits.contains(Trait.TRANSIENT);
    }

    /**
     * May be listed in {@code retry.on}: the request never reached the application, or lost the
     * keep-alive race. "Retry" is the proxy sending the request again; whether a client may try
     * again later is {@link #isTransient()} (problem+json's {@code retryable} field says that one).
     */
    public boolean retryable() {
        return traits.contains(Trait.RETRYABLE) || retriedByDefault();
    }

    /** In {@code retry.on} when the config does not set it. */
    public boolean retriedByDefault() {
        return traits.contains(Trait.RETRIED_BY_DEFAULT);
    }

    /** The deploy hold ({@code retry.hold}) waits this out: the app is not there yet, and no byte reached it. */
    public boolean holdable() {
        return traits.contains(Trait.HOLDABLE);
    }

    /** Says something about the target's health: passive health checks (outlier ejection) count it. */
    public boolean countsAgainstTarget() {
        return side == Side.UPSTREAM && !traits.contains(Trait.NOT_THE_TARGETS_FAULT);
    }

    /** The name used on the wire, in the log and in the config, e.g. {@code connection_refused}. */
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
