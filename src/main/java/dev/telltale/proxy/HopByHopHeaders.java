package dev.telltale.proxy;

import dev.telltale.http1.FieldNameSet;
import dev.telltale.http1.HeadFields;

/**
 * Removes the headers that describe one connection, not the message (RFC 9110 §7.6.1):
 * {@code Connection} and every header it names, {@code Keep-Alive}, {@code Proxy-Connection},
 * {@code Proxy-Authenticate}, {@code Proxy-Authorization}, {@code TE}, {@code Trailer},
 * {@code Transfer-Encoding} and {@code Upgrade}; and {@code Proxy}, which no client has a reason
 * to send and which CGI-style apps would read as {@code HTTP_PROXY} ("httpoxy").
 * {@code Proxy-Status} is end to end (RFC 9209) and is kept.
 */
final class HopByHopHeaders {

    private static final FieldNameSet FIXED_NAMES = new FieldNameSet(
        "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "proxy");

    private HopByHopHeaders() {
    }

    /** Whether field {@code field} of {@code head} is hop-by-hop: a fixed name, or one its Connection lists. */
    static boolean isHopByHop(HeadFields head, int field) {
        return FIXED_NAMES.has(head, field) || head.namedByConnection(field);
    }
}
