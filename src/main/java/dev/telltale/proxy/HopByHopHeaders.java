package dev.telltale.proxy;

import dev.telltale.http1.ResponseHead;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Removes the headers that describe one connection, not the message (RFC 9110 §7.6.1):
 * {@code Connection} and every header it names, {@code Keep-Alive}, {@code Proxy-Connection},
 * {@code Proxy-Authenticate}, {@code Proxy-Authorization}, {@code TE}, {@code Trailer},
 * {@code Transfer-Encoding} and {@code Upgrade}; and {@code Proxy}, which no client has a reason
 * to send and which CGI-style apps would read as {@code HTTP_PROXY} ("httpoxy").
 * {@code Proxy-Status} is end to end (RFC 9209) and is kept.
 */
final class HopByHopHeaders {

    private static final CharSequence[] FIXED = {
        HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.PROXY_CONNECTION, HttpHeaderNames.PROXY_AUTHENTICATE,
        HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.TE, HttpHeaderNames.TRAILER,
        HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE, "proxy",
    };

    /** The same names, for heads read on their bytes. */
    private static final String[] FIXED_NAMES = {
        "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "proxy",
    };

    private HopByHopHeaders() {
    }

    /** Whether a decoded header {@code name} is hop-by-hop: a fixed name, or one of {@code connectionOptions}. */
    static boolean isHopByHop(CharSequence name, List<String> connectionOptions) {
        if (AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.CONNECTION)) {
            return true;
        }
        for (CharSequence hop : FIXED) {
            if (name.length() == hop.length() && AsciiString.contentEqualsIgnoreCase(name, hop)) {
                return true;
            }
        }
        for (String option : connectionOptions) {
            if (AsciiString.contentEqualsIgnoreCase(name, option)) {
                return true;
            }
        }
        return false;
    }

    /** Whether field {@code field} of {@code head} is hop-by-hop: a fixed name, or one its Connection lists. */
    static boolean isHopByHop(ResponseHead head, int field) {
        for (String name : FIXED_NAMES) {
            if (head.nameIs(field, name)) {
                return true;
            }
        }
        return head.namedByConnection(field);
    }

    /** The header names listed in {@code Connection}, which are hop-by-hop too. */
    static List<String> connectionOptions(HttpHeaders headers) {
        List<String> names = new ArrayList<>(2);
        for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                String name = token.trim();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** True when {@code Connection} lists {@code option} (case-insensitive). */
    static boolean connectionHas(HttpHeaders headers, String option) {
        for (String name : connectionOptions(headers)) {
            if (name.equalsIgnoreCase(option)) {
                return true;
            }
        }
        return false;
    }
}
