package dev.telltale.failure;

/**
 * Every way an exchange can fail, named as in RFC 9209 (Proxy-Status error types) plus
 * {@code stale_connection}; the constants map 1:1 to the failure classes of the README and to the log, header,
 * page and metrics. Client-side outcomes have their own names too.
 */
public enum Failure {
    DNS_ERROR(502, Side.UPSTREAM),
    DNS_TIMEOUT(504, Side.UPSTREAM),
    CONNECTION_REFUSED(502, Side.UPSTREAM),
    CONNECTION_TIMEOUT(504, Side.UPSTREAM),
    DESTINATION_IP_UNROUTABLE(502, Side.UPSTREAM),
    DESTINATION_UNAVAILABLE(503, Side.UPSTREAM),
    CONNECTION_LIMIT_REACHED(503, Side.UPSTREAM),
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
    STALE_CONNECTION(502, Side.UPSTREAM),
    DESTINATION_NOT_FOUND(404, Side.PROXY),
    PROXY_INTERNAL_ERROR(500, Side.PROXY),
    /** Not an RFC 9209 type: that list names limits towards the next hop, this one is the proxy's own. */
    CLIENT_CONNECTION_LIMIT_REACHED(503, Side.PROXY),

    HTTP_REQUEST_ERROR(400, Side.CLIENT),
    HTTP_REQUEST_TIMEOUT(408, Side.CLIENT),
    HTTP_REQUEST_HEADER_SECTION_SIZE(431, Side.CLIENT),
    HTTP_REQUEST_TARGET_SIZE(414, Side.CLIENT),
    HTTP_REQUEST_BODY_SIZE(413, Side.CLIENT),
    CLIENT_CLOSED(499, Side.CLIENT);

    /** Which hop the failure belongs to, for the hop diagram and for metrics. */
    public enum Side { CLIENT, PROXY, UPSTREAM }

    private final int status;
    private final Side side;
    private final String wireName;

    Failure(int status, Side side) {
        this.status = status;
        this.side = side;
        this.wireName = name().toLowerCase(java.util.Locale.ROOT);
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
        return this == CONNECTION_REFUSED || this == DESTINATION_UNAVAILABLE || this == STALE_CONNECTION
                || this == CONNECTION_LIMIT_REACHED || this == CLIENT_CONNECTION_LIMIT_REACHED;
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
