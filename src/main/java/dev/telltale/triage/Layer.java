package dev.telltale.triage;

import dev.telltale.failure.Failure;

/** The hop or part of the system that most likely failed, in the words an operator would use. */
public enum Layer {
    // Root causes that container events name; the classes below are what the network showed of them.
    CONTAINER_OOM("the app's container ran out of memory (OOM-killed)"),
    CONTAINER_EXITED("the app's container exited (crashed or quit)"),
    CONTAINER_STOPPED("the app's container was stopped"),
    DNS("name resolution (DNS)"),
    REACHABILITY("the app is not listening / not reachable"),
    ALL_DOWN("every target is marked down"),
    CONNECTION_POOL("the proxy's connection pool to the app is full"),
    TLS("TLS between proxy and app"),
    TERMINATED("the app closed connections mid-request (crash? OOM?)"),
    HTTP("the app's HTTP responses"),
    SLOW_APP("the app is slow"),
    KEEP_ALIVE("keep-alive mismatch between proxy and app"),
    APP_ERRORS("the app's own error responses"),
    PROXY("the proxy itself (routing or a bug)"),
    CLIENTS("clients"),
    NONE("none: no request failed");

    private final String words;

    Layer(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }

    /** The layer a class points at; null (a 5xx without a class) is the app answering an error itself. */
    static Layer of(Failure failure) {
        if (failure == null) {
            return APP_ERRORS;
        }
        return switch (failure) {
            case DNS_ERROR, DNS_TIMEOUT -> DNS;
            case CONNECTION_REFUSED, CONNECTION_TIMEOUT, DESTINATION_IP_UNROUTABLE -> REACHABILITY;
            case DESTINATION_UNAVAILABLE -> ALL_DOWN;
            case CONNECTION_LIMIT_REACHED -> CONNECTION_POOL;
            case TLS_PROTOCOL_ERROR, TLS_CERTIFICATE_ERROR, TLS_ALERT_RECEIVED -> TLS;
            case CONNECTION_TERMINATED -> TERMINATED;
            case HTTP_RESPONSE_INCOMPLETE, HTTP_PROTOCOL_ERROR, HTTP_RESPONSE_TRANSFER_CODING,
                    HTTP_RESPONSE_HEADER_SECTION_SIZE, HTTP_RESPONSE_BODY_SIZE -> HTTP;
            case HTTP_RESPONSE_TIMEOUT, CONNECTION_READ_TIMEOUT, CONNECTION_WRITE_TIMEOUT -> SLOW_APP;
            case STALE_CONNECTION -> KEEP_ALIVE;
            case DESTINATION_NOT_FOUND, PROXY_INTERNAL_ERROR -> PROXY;
            case HTTP_REQUEST_ERROR, HTTP_REQUEST_TIMEOUT, HTTP_REQUEST_HEADER_SECTION_SIZE,
                    HTTP_REQUEST_TARGET_SIZE, HTTP_REQUEST_BODY_SIZE, CLIENT_CLOSED,
                    CLIENT_CONNECTION_LIMIT_REACHED -> CLIENTS;
        };
    }
}
