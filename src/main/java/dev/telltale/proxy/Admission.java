package dev.telltale.proxy;

import dev.telltale.config.RouteConfig;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.route.Router;
import dev.telltale.http1.RequestHead;

/**
 * Whether a request head is proxied, and where, or answered by the proxy itself: judged from
 * the head and what is known of its connection alone, with no channel, so that every kind of
 * refusal can be tested as a plain function. The first refusal that applies wins, in the order
 * below: what is wrong with the connection before what is wrong with the request.
 */
final class Admission {

    private Admission() {
    }

    /** The verdict on one request head. */
    sealed interface Verdict permits Admitted, Refused {
    }

    /** Proxied to {@code route}. */
    record Admitted(RouteConfig route) implements Verdict {
    }

    /** Answered by the proxy with {@code failure}; {@code keepAlive} says whether the connection stays. */
    record Refused(Failure failure, Phase phase, String detail, boolean keepAlive) implements Verdict {
    }

    /**
     * What the proxy knows of the connection the head came on.
     *
     * @param refusedOverLimit non-zero on a connection beyond {@code listen.max_connections}: that limit
     * @param plainHttpOnTls   plain HTTP came to the TLS listener (an http:// URL for an https:// port)
     * @param draining         the proxy is shutting down: no connection is kept for another request
     */
    record Connection(int refusedOverLimit, boolean plainHttpOnTls, boolean draining) {
    }

    /**
     * @param targetProblem why the absolute-form target could not be made origin form (see
     *                      {@link AbsoluteForm}), or null
     * @param maxBodyBytes  {@code listen.max_request_body_bytes}; 0 for no limit
     */
    static Verdict judge(RequestHead head, String targetProblem, Connection connection, Router router,
                         long maxBodyBytes) {
        if (connection.refusedOverLimit() > 0) {
            int limit = connection.refusedOverLimit();
            return refused(Failure.CLIENT_CONNECTION_LIMIT_REACHED, "the proxy already holds " + limit
                    + " client connections (listen.max_connections = " + limit + ")");
        }
        if (connection.plainHttpOnTls()) {
            return refused(Failure.HTTP_REQUEST_ERROR, "plain HTTP was sent to the TLS listener,"
                    + " which takes https:// only");
        }
        if (!head.isOk()) {
            ClientErrors.Rejection rejection = ClientErrors.of(head.verdict());
            return refused(rejection.failure(), rejection.detail());
        }
        String badHead = targetProblem != null ? targetProblem : ClientErrors.validate(head);
        if (badHead != null) {
            return refused(Failure.HTTP_REQUEST_ERROR, badHead);
        }
        String host = head.host();
        String path = pathOf(head.uri());
        RouteConfig route = router.match(host, path);
        if (route == null) {
            // The request was read whole and is well formed: the connection can serve the next one.
            return new Refused(Failure.DESTINATION_NOT_FOUND, Phase.ROUTING,
                    "no route matches host " + host + " and path " + path,
                    head.keepAlive() && !connection.draining());
        }
        long declared = head.contentLength();
        if (maxBodyBytes > 0 && declared > maxBodyBytes) {
            return refused(Failure.HTTP_REQUEST_BODY_SIZE, "request body of " + declared
                    + " bytes exceeds listen.max_request_body_bytes");
        }
        return new Admitted(route);
    }

    /** A refusal of the request itself: the connection closes after the answer. */
    private static Refused refused(Failure failure, String detail) {
        return new Refused(failure, Phase.REQUEST, detail, false);
    }

    static String pathOf(String uri) {
        int query = uri.indexOf('?');
        return query >= 0 ? uri.substring(0, query) : uri;
    }
}
