package dev.telltale.http2;

import dev.telltale.http1.FieldNameSet;
import dev.telltale.http1.HeadFields;
import io.netty.util.AsciiString;

/**
 * The lower-case HTTP/2 name of a head's field, found in a table of common names without making
 * text, or made once when it is not there. Most fields have a common name, so a response's names
 * cost nothing to make, and each keeps its hash, which HPACK computes for every field it encodes.
 */
final class FieldNames {

    /** HPACK's static table's names (RFC 7541, appendix A) and others a proxy sees on most messages. */
    private static final String[] COMMON = {
        "accept", "accept-charset", "accept-encoding", "accept-language", "accept-ranges",
        "access-control-allow-origin", "age", "allow", "authorization", "cache-control", "content-disposition",
        "content-encoding", "content-language", "content-length", "content-location", "content-range",
        "content-security-policy", "content-type", "cookie", "date", "etag", "expect", "expires", "forwarded",
        "from", "grpc-encoding", "grpc-message", "grpc-status", "host", "if-match", "if-modified-since",
        "if-none-match", "if-range", "if-unmodified-since", "last-modified", "link", "location", "max-forwards",
        "origin", "proxy-authenticate", "proxy-authorization", "proxy-status", "range", "referer", "refresh",
        "retry-after", "server", "set-cookie", "strict-transport-security", "te", "traceparent", "tracestate",
        "user-agent", "vary", "via", "www-authenticate", "x-content-type-options", "x-forwarded-for",
        "x-forwarded-host", "x-forwarded-proto", "x-frame-options", "x-request-id",
    };
    private static final FieldNameSet NAMES = new FieldNameSet(COMMON);
    /** The common names as constants, by their numbers in {@link #NAMES}. */
    private static final AsciiString[] CONSTANTS = new AsciiString[COMMON.length];

    static {
        for (int i = 0; i < COMMON.length; i++) {
            CONSTANTS[i] = AsciiString.cached(COMMON[i]);
        }
    }

    private FieldNames() {
    }

    /** How many common names there are: their numbers run from 0 to this, exclusive. */
    static int commonCount() {
        return NAMES.size();
    }

    /** The number of field {@code field}'s name among the common names, or -1 when it is not one. */
    static int common(HeadFields head, int field) {
        return NAMES.indexOf(head, field);
    }

    /** Field {@code field}'s name in lower case. */
    static AsciiString lowerName(HeadFields head, int field) {
        return lowerName(common(head, field), head, field);
    }

    /** Field {@code field}'s name in lower case, {@code common} being its number from {@link #common}. */
    static AsciiString lowerName(int common, HeadFields head, int field) {
        return common >= 0 ? CONSTANTS[common] : madeName(head, field);
    }

    /** Field {@code field}'s name made anew in lower case: for a name that is not a common one. */
    private static AsciiString madeName(HeadFields head, int field) {
        int start = head.lineStart(field);
        int length = head.nameEnd(field) - start;
        byte[] bytes = head.bytes();
        byte[] lower = new byte[length];
        for (int i = 0; i < length; i++) {
            byte b = bytes[start + i];
            lower[i] = b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
        }
        return new AsciiString(lower, false);
    }
}
