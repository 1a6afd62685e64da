package dev.telltale.triage;

import dev.telltale.failure.Failure;

/**
 * The parts of the verdict sentence for one class: "{subject} {verb} from .. to .. (n requests)
 * — {consequence}; {check}". A {@code %s} in {@code check} becomes the minute trouble began, and
 * {@code <name>} the upstream's name, as in explanations.yaml.
 *
 * @param subject null to name the target (or upstream) that failed
 */
record Wording(String subject, String verb, String consequence, String check) {

    private static final String CLIENTS = "the failing side is the clients, not the app";

    /** {@code failure} null means a 5xx the app answered itself, with that {@code status}. */
    static Wording of(Failure failure, int status) {
        if (failure == null) {
            return app("answered " + status + " itself", "the app's own errors, passed through unchanged",
                    "check its error logs around %s");
        }
        return switch (failure) {
            case DNS_ERROR -> app("could not be resolved", "its host name does not resolve (DNS)",
                    "check that its container exists and shares the proxy's network");
            case DNS_TIMEOUT -> app("could not be resolved in time", "DNS lookups are slow or the resolver is unreachable",
                    "check the nameserver in the proxy's /etc/resolv.conf");
            case CONNECTION_REFUSED -> app("refused connections", "the app was not listening",
                    "check its start-up logs around %s");
            case CONNECTION_TIMEOUT -> app("did not accept connections in time",
                    "the app is not reachable (firewall, a host that is gone, or a full accept queue)",
                    "check that its host is up and its port open around %s");
            case DESTINATION_IP_UNROUTABLE -> app("was unroutable",
                    "the app's address is not reachable (host down or wrong network)",
                    "check that the proxy and the app share a network");
            case DESTINATION_UNAVAILABLE -> app("had every target marked down",
                    "health checks or outlier ejection took every target out",
                    "check the health transitions and the app's logs around %s");
            case CONNECTION_LIMIT_REACHED -> app("had a full connection pool",
                    "the app frees connections too slowly for the traffic",
                    "compare its latency around %s with upstreams.<name>.pool.max_connections");
            case TLS_PROTOCOL_ERROR -> app("failed the TLS handshake", "TLS between proxy and app does not work",
                    "check that upstreams.<name>.tls.enabled matches what that port speaks");
            case TLS_CERTIFICATE_ERROR -> app("presented a rejected certificate",
                    "TLS between proxy and app: the certificate is not accepted",
                    "check the certificate's expiry, issuer and name against upstreams.<name>.tls");
            case TLS_ALERT_RECEIVED -> app("aborted TLS handshakes with an alert",
                    "TLS between proxy and app: the app rejects the proxy's handshake",
                    "check the app's TLS versions, ciphers and client-certificate settings");
            case CONNECTION_TERMINATED -> app("closed connections mid-request",
                    "the app closed connections mid-request (crash? OOM?)", "check its logs and restarts around %s");
            case HTTP_RESPONSE_INCOMPLETE -> app("cut off its responses", "the app's HTTP responses are broken",
                    "check its logs for crashes around %s");
            case HTTP_PROTOCOL_ERROR -> app("sent invalid HTTP responses", "the app's HTTP responses are broken",
                    "check what that port really serves (curl -v from the proxy's container)");
            case HTTP_RESPONSE_TRANSFER_CODING -> app("sent broken chunked responses",
                    "the app's HTTP responses are broken", "check how the app streams its responses");
            case HTTP_RESPONSE_HEADER_SECTION_SIZE -> app("sent oversized response headers",
                    "the app's HTTP responses exceed limits.max_response_header_bytes",
                    "check which headers (cookies?) grew");
            case HTTP_RESPONSE_BODY_SIZE -> app("sent oversized response bodies",
                    "the app's HTTP responses exceed limits.max_response_body_bytes",
                    "check which responses grew, or raise the limit");
            case HTTP_RESPONSE_TIMEOUT -> app("answered too slowly", "the app is slow",
                    "check its latency, load and database around %s");
            case CONNECTION_READ_TIMEOUT -> app("stalled mid-response", "the app is slow",
                    "check its latency and load around %s");
            case CONNECTION_WRITE_TIMEOUT -> app("stopped reading request bodies", "the app is slow",
                    "check its load and upload handling around %s");
            case STALE_CONNECTION -> app("closed pooled connections as requests went out",
                    "keep-alive mismatch: the app drops idle connections before the proxy retires them",
                    "set upstreams.<name>.pool.idle_timeout below the app's keep-alive timeout");
            case DESTINATION_NOT_FOUND -> new Wording("requests", "matched no route", "the proxy's route table",
                    "check routes[].match against the hosts and paths requested");
            case PROXY_INTERNAL_ERROR -> new Wording("the proxy", "failed internally", "the proxy itself (a bug)",
                    "report it with a request ID from around %s");
            case HTTP_REQUEST_ERROR -> clients("sent malformed requests");
            case HTTP_REQUEST_TIMEOUT -> clients("sent request heads too slowly");
            case HTTP_REQUEST_HEADER_SECTION_SIZE -> clients("sent oversized request headers");
            case HTTP_REQUEST_TARGET_SIZE -> clients("requested overlong URLs");
            case HTTP_REQUEST_BODY_SIZE -> clients("sent oversized request bodies");
            case CLIENT_CONNECTION_LIMIT_REACHED -> new Wording("clients",
                    "opened more connections than listen.max_connections", CLIENTS,
                    "check for a traffic spike, or clients holding idle connections, around %s");
            case CLIENT_CLOSED -> new Wording("clients", "went away before the answer", CLIENTS,
                    "check whether the app was slow around %s (client timeouts)");
        };
    }

    private static Wording app(String verb, String consequence, String check) {
        return new Wording(null, verb, consequence, check);
    }

    private static Wording clients(String verb) {
        return new Wording("clients", verb, CLIENTS, "check which clients sent them (client, user_agent)");
    }
}
