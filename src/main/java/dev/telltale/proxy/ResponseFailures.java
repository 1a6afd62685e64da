package dev.telltale.proxy;

import dev.telltale.config.RouteConfig;
import dev.telltale.config.Sizes;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.failure.UpstreamFailure;
import dev.telltale.failure.UpstreamFailureException;
import dev.telltale.upstream.SocketError;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;

/** Classifies what went wrong once a request was on its way to the upstream. */
final class ResponseFailures {

    private ResponseFailures() {
    }

    /** The connection closed. On a reused connection before any response byte, that is the keep-alive race. */
    static UpstreamFailure ofClose(Phase phase, boolean keepAliveRace) {
        if (keepAliveRace) {
            return UpstreamFailure.afterSending(Failure.STALE_CONNECTION, phase,
                    "pooled connection was closed by the upstream as the request went out");
        }
        String when = phase == Phase.RESPONSE_BODY ? "in the middle of the response body"
                : "before sending a response";
        return UpstreamFailure.afterSending(Failure.CONNECTION_TERMINATED, phase,
                "upstream closed the connection " + when);
    }

    static UpstreamFailure ofError(Throwable cause, Phase phase, boolean keepAliveRace) {
        SocketError error = SocketError.of(cause);
        if (error == SocketError.RESET || error == SocketError.BROKEN_PIPE) {
            if (keepAliveRace) {
                return UpstreamFailure.afterSending(Failure.STALE_CONNECTION, phase,
                        "pooled connection was reset by the upstream as the request went out");
            }
            return UpstreamFailure.afterSending(Failure.CONNECTION_TERMINATED, phase,
                    "upstream reset the connection during " + phase.wireName() + " (" + error.text() + ")");
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return UpstreamFailure.afterSending(Failure.CONNECTION_TERMINATED, phase,
                "connection failed during " + phase.wireName() + ": " + message);
    }

    /** The response head could not be decoded. */
    static UpstreamFailure ofHead(Throwable cause, RouteConfig route, boolean keepAliveRace) {
        if (cause instanceof PrematureChannelClosureException) {
            return UpstreamFailure.afterSending(Failure.HTTP_RESPONSE_INCOMPLETE, Phase.RESPONSE_HEAD,
                    "connection closed after a partial response head");
        }
        if (cause instanceof TooLongFrameException) {
            return limit(Failure.HTTP_RESPONSE_HEADER_SECTION_SIZE, Phase.RESPONSE_HEAD, "response head exceeded",
                    route, "limits.max_response_header_bytes", route.limits().maxResponseHeaderBytes());
        }
        return UpstreamFailure.afterSending(Failure.HTTP_PROTOCOL_ERROR, Phase.RESPONSE_HEAD,
                "upstream sent an invalid response head: " + cause.getMessage());
    }

    /** A connection that could not be had: classified by the pool, or a socket error. */
    static UpstreamFailure ofConnect(Throwable cause) {
        return of(cause, Phase.CONNECT, false);
    }

    /** An error already classified where it was seen (e.g. a rejected head), or a socket error. */
    static UpstreamFailure of(Throwable cause, Phase phase, boolean keepAliveRace) {
        if (cause instanceof UpstreamFailureException classified) {
            return classified.failure();
        }
        return ofError(cause, phase, keepAliveRace);
    }

    /** A head whose Content-Length is over {@code limits.max_response_body_bytes}, or null. */
    static UpstreamFailure declaredTooLarge(HttpResponse head, RouteConfig route) {
        long max = route.limits().maxResponseBodyBytes();
        long declared = HttpUtil.getContentLength(head, -1L);
        return max > 0 && declared > max
                ? bodyTooLarge("response declares " + declared + " body bytes, more than", route) : null;
    }

    /** The response body is larger than {@code limits.max_response_body_bytes}. */
    static UpstreamFailure bodyTooLarge(String what, RouteConfig route) {
        return limit(Failure.HTTP_RESPONSE_BODY_SIZE, Phase.RESPONSE_BODY, what, route,
                "limits.max_response_body_bytes", route.limits().maxResponseBodyBytes());
    }

    private static UpstreamFailure limit(Failure failure, Phase phase, String what, RouteConfig route,
                                         String setting, long bytes) {
        String key = route.keyOf(setting);
        return UpstreamFailure.afterSending(failure, phase, what + " " + Sizes.describe(bytes) + " (" + key + ")")
                .withConfigKey(key + " = " + Sizes.format(bytes));
    }

    /** The response body could not be decoded. */
    static UpstreamFailure ofBody(Throwable cause, RouteConfig route) {
        if (cause instanceof PrematureChannelClosureException) {
            return UpstreamFailure.afterSending(Failure.CONNECTION_TERMINATED, Phase.RESPONSE_BODY,
                    "upstream closed the connection in the middle of the response body");
        }
        return UpstreamFailure.afterSending(Failure.HTTP_RESPONSE_TRANSFER_CODING, Phase.RESPONSE_BODY,
                "invalid chunked encoding in the response body: " + cause.getMessage());
    }
}
