package dev.telltale.http2;

import dev.telltale.http1.FieldNameSet;
import dev.telltale.http1.HeadFields;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.ReadOnlyHttp2Headers;
import io.netty.util.AsciiString;

import java.util.Arrays;

/**
 * HTTP/1.1 field lines as HTTP/2 fields, the same way for the proxy's answer to a client and its
 * request to an upstream: names in lower case, and without the fields that describe an HTTP/1.1
 * connection, which HTTP/2 forbids (RFC 9113 8.2.2).
 */
final class Http2Fields {

    private static final FieldNameSet CONNECTION = new FieldNameSet(
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade");

    private Http2Fields() {
    }

    /** Adds {@code head}'s fields to {@code headers}, but the connection's and those {@code alsoLeftOut} names. */
    static void copy(HeadFields head, Http2Headers headers, FieldNameSet alsoLeftOut) {
        RepeatedFieldValues repeated = RepeatedFieldValues.here();
        for (int i = 0; i < head.fieldCount(); i++) {
            if (!CONNECTION.has(head, i) && !alsoLeftOut.has(head, i)) {
                int common = FieldNames.common(head, i);
                headers.add(FieldNames.lowerName(common, head, i), repeated.value(common, head, i));
            }
        }
    }

    /**
     * {@code head}'s fields as name, value, name, value..., but the connection's: the form
     * {@link ReadOnlyHttp2Headers} takes, which holds them in one array rather than an entry object
     * per field.
     */
    static AsciiString[] pairs(HeadFields head) {
        RepeatedFieldValues repeated = RepeatedFieldValues.here();
        AsciiString[] pairs = new AsciiString[2 * head.fieldCount()];
        int size = 0;
        for (int i = 0; i < head.fieldCount(); i++) {
            if (!CONNECTION.has(head, i)) {
                int common = FieldNames.common(head, i);
                pairs[size++] = FieldNames.lowerName(common, head, i);
                pairs[size++] = repeated.value(common, head, i);
            }
        }
        return size == pairs.length ? pairs : Arrays.copyOf(pairs, size);
    }

    /** Whether {@code lowerName} is one of the fields of an HTTP/1.1 connection. */
    static boolean connectionField(CharSequence lowerName) {
        return CONNECTION.contains(lowerName);
    }
}
