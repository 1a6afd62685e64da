package dev.telltale.proxy;

import dev.telltale.config.RouteConfig;
import dev.telltale.config.Sizes;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.upstream.WireFailures;

/**
 * What went wrong once a request was on its way to the upstream: the response's size limits are
 * judged here; what the wire said is {@link WireFailures}' to say, asked on the exchange's behalf.
 */
final class ResponseFailures {

    private ResponseFailures() {
    }

    /** The connection closed. On a reused connection before any response byte, that is the keep-alive race. */
    static ExchangeFailure ofClose(Phase phase, boolean keepAliveRace) {
        return WireFailures.ofClose(phase, keepAliveRace);
    }

    /** The response head could not be read: too large, or cut short. */
    static ExchangeFailure ofHead(Throwable cause, RouteConfig route) {
        return WireFailures.ofResponseHead(cause, route);
    }

    /** A connection that could not be had: classified by the pool, or a socket error. */
    static ExchangeFailure ofConnect(Throwable cause) {
        return WireFailures.ofExchange(cause, Phase.CONNECT, false);
    }

    /** An error already classified where it was seen (e.g. a rejected head), or a socket error. */
    static ExchangeFailure of(Throwable cause, Phase phase, boolean keepAliveRace) {
        return WireFailures.ofExchange(cause, phase, keepAliveRace);
    }

    /** As above, knowing whether a response byte had come and whether the connection was reused. */
    static ExchangeFailure of(Throwable cause, Phase phase, boolean beforeResponse, boolean reused) {
        return WireFailures.ofExchange(cause, phase, beforeResponse, reused);
    }

    /** A head whose Content-Length ({@code declared}, -1 if none) is over {@code limits.max_response_body_bytes}, or null. */
    static ExchangeFailure declaredTooLarge(long declared, RouteConfig route) {
        long max = route.limits().maxResponseBodyBytes();
        return max > 0 && declared > max
                ? bodyTooLarge("response declares " + declared + " body bytes, more than", route) : null;
    }

    /** A protocol switch (101) to a request that asked for none: what follows cannot be read as HTTP. */
    static ExchangeFailure unaskedSwitch() {
        return ExchangeFailure.afterSending(Failure.HTTP_PROTOCOL_ERROR, Phase.RESPONSE_HEAD,
                "upstream switched protocols (101) though the request asked for no upgrade");
    }

    /** The response body is larger than {@code limits.max_response_body_bytes}. */
    static ExchangeFailure bodyTooLarge(String what, RouteConfig route) {
        return limit(Failure.HTTP_RESPONSE_BODY_SIZE, Phase.RESPONSE_BODY, what, route,
                "limits.max_response_body_bytes", route.limits().maxResponseBodyBytes());
    }

    private static ExchangeFailure limit(Failure failure, Phase phase, String what, RouteConfig route,
                                         String setting, long bytes) {
        String key = route.keyOf(setting);
        return ExchangeFailure.afterSending(failure, phase, what + " " + Sizes.describe(bytes) + " (" + key + ")")
                .withConfigKey(key + " = " + Sizes.format(bytes));
    }
}
