package dev.telltale.http2;

import dev.telltale.http1.FieldSyntax;
import dev.telltale.http1.HeadFields;
import io.netty.util.AsciiString;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
    private static final int LONGEST = 32;
    /** The common names, each once; a name's place here is its number. */
    private static final AsciiString[] ALL = new AsciiString[COMMON.length];
    /** The same as bytes, which compare faster than text. */
    private static final byte[][] BYTES = new byte[COMMON.length][];
    /** The numbers of the common names by their length: a field's name is compared only with those of its own length. */
    private static final int[][] BY_LENGTH = new int[LONGEST + 1][];

    static {
        List<List<Integer>> byLength = new ArrayList<>();
        for (int length = 0; length <= LONGEST; length++) {
            byLength.add(new ArrayList<>());
        }
        for (int i = 0; i < COMMON.length; i++) {
            ALL[i] = AsciiString.cached(COMMON[i]);
            BYTES[i] = COMMON[i].getBytes(StandardCharsets.US_ASCII);
            byLength.get(COMMON[i].length()).add(i);
        }
        for (int length = 0; length <= LONGEST; length++) {
            BY_LENGTH[length] = byLength.get(length).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    private FieldNames() {
    }

    /** How many common names there are: their numbers run from 0 to this, exclusive. */
    static int commonCount() {
        return ALL.length;
    }

    /** The number of field {@code field}'s name among the common names, or -1 when it is not one. */
    static int common(HeadFields head, int field) {
        int start = head.lineStart(field);
        int colon = head.nameEnd(field);
        int length = colon - start;
        if (length <= LONGEST) {
            for (int number : BY_LENGTH[length]) {
                if (FieldSyntax.nameIs(head.bytes(), start, colon, BYTES[number])) {
                    return number;
                }
            }
        }
        return -1;
    }

    /** Common name number {@code number}, in lower case. */
    static AsciiString common(int number) {
        return ALL[number];
    }

    /** Field {@code field}'s name in lower case. */
    static AsciiString lowerName(HeadFields head, int field) {
        int number = common(head, field);
        return number >= 0 ? ALL[number] : madeName(head, field);
    }

    /** Field {@code field}'s name made anew in lower case: for a name that is not a common one. */
    static AsciiString madeName(HeadFields head, int field) {
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
