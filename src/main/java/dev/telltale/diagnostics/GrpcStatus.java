package dev.telltale.diagnostics;

import dev.telltale.config.DetailLevel;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;

import java.nio.charset.StandardCharsets;

/**
 * A proxy-made error in gRPC's words, for a gRPC request, following gRPC's own guidance
 * (doc/statuscodes.md): {@code UNAVAILABLE} only when the request was not processed, so that a
 * client may safely try again; {@code DEADLINE_EXCEEDED} when time ran out with the request at the
 * app; {@code INTERNAL} when the exchange broke after the request was sent; {@code RESOURCE_EXHAUSTED}
 * for size limits; {@code UNIMPLEMENTED} when no route matches. docs/http2.md holds the table.
 */
public enum GrpcStatus {
    CANCELLED(1),
    DEADLINE_EXCEEDED(4),
    RESOURCE_EXHAUSTED(8),
    UNIMPLEMENTED(12),
    INTERNAL(13),
    UNAVAILABLE(14);

    /** gRPC keeps grpc-message short; a client shows it whole. */
    private static final int MAX_MESSAGE_CHARS = 512;

    private final int code;

    GrpcStatus(int code) {
        this.code = code;
    }

    /** The number sent as {@code grpc-status}. */
    public int code() {
        return code;
    }

    /** The status for {@code failure}, which happened in {@code phase}. */
    public static GrpcStatus of(Failure failure, Phase phase) {
        return switch (failure) {
            case DNS_ERROR, DNS_TIMEOUT, CONNECTION_REFUSED, CONNECTION_TIMEOUT, DESTINATION_IP_UNROUTABLE,
                 DESTINATION_UNAVAILABLE, CONNECTION_LIMIT_REACHED, STALE_CONNECTION, TLS_PROTOCOL_ERROR,
                 TLS_CERTIFICATE_ERROR, TLS_ALERT_RECEIVED, CLIENT_CONNECTION_LIMIT_REACHED -> UNAVAILABLE;
            // A reset as TCP connected left the request unsent; after that, the app may have acted on it.
            case CONNECTION_TERMINATED -> phase == Phase.CONNECT ? UNAVAILABLE : INTERNAL;
            case HTTP_RESPONSE_TIMEOUT, CONNECTION_READ_TIMEOUT, CONNECTION_WRITE_TIMEOUT, HTTP_REQUEST_TIMEOUT ->
                    DEADLINE_EXCEEDED;
            case HTTP_RESPONSE_HEADER_SECTION_SIZE, HTTP_RESPONSE_BODY_SIZE, HTTP_REQUEST_HEADER_SECTION_SIZE,
                 HTTP_REQUEST_TARGET_SIZE, HTTP_REQUEST_BODY_SIZE -> RESOURCE_EXHAUSTED;
            case DESTINATION_NOT_FOUND -> UNIMPLEMENTED;
            case CLIENT_CLOSED -> CANCELLED;
            case HTTP_RESPONSE_INCOMPLETE, HTTP_PROTOCOL_ERROR, HTTP_RESPONSE_TRANSFER_CODING, PROXY_INTERNAL_ERROR,
                 HTTP_REQUEST_ERROR -> INTERNAL;
        };
    }

    /**
     * The {@code grpc-message} for {@code report} at {@code level}: the failure's name, what was
     * seen (as Proxy-Status says it at that level) and the request ID, percent-encoded as gRPC asks.
     */
    public static String message(ErrorReport report, DetailLevel level) {
        VisibleReport visible = VisibleReport.of(report, level);
        String detail = visible.causeShort() == null ? visible.detail() : visible.causeShort() + "; " + visible.detail();
        String text = report.failure().wireName() + ": " + detail;
        if (text.length() > MAX_MESSAGE_CHARS) {
            text = text.substring(0, MAX_MESSAGE_CHARS - 3) + "...";
        }
        return percentEncoded(text + " (request ID " + report.requestId() + ")");
    }

    /** gRPC's encoding of grpc-message: UTF-8, with every byte outside 0x20-0x7E, and '%', as %XX. */
    static String percentEncoded(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c <= 0x7e && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
