package dev.telltale.http2;

import dev.telltale.http1.HeadFields;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * The last value an event loop made of each common field (by {@link FieldNames}' numbers). Most
 * heads a proxy relays repeat most of their values (the server, the content type and length, a
 * Via, the same client's Host and User-Agent), so the same bytes give back the same value instead
 * of a copy each time: a copy per field was a fifth of the garbage of an HTTP/2 request. The values
 * are immutable, so HPACK's tables may keep them; one per event loop, used only on it.
 */
final class RepeatedFieldValues {

    private static final FastThreadLocal<RepeatedFieldValues> LOOP = new FastThreadLocal<>() {
        @Override
        protected RepeatedFieldValues initialValue() {
            return new RepeatedFieldValues();
        }
    };

    private final AsciiString[] last = new AsciiString[FieldNames.commonCount()];

    private RepeatedFieldValues() {
    }

    /** This event loop's. */
    static RepeatedFieldValues here() {
        return LOOP.get();
    }

    /**
     * The value of field {@code field}, whose name is common name {@code common}: the last one made
     * when it has the same bytes. A field whose name is not common ({@code common} -1) gets a copy.
     */
    AsciiString value(int common, HeadFields head, int field) {
        if (common < 0) {
            return made(head, field);
        }
        AsciiString previous = last[common];
        int start = head.valueStart(field);
        int length = head.valueEnd(field) - start;
        if (previous != null && previous.length() == length && same(previous, head.bytes(), start)) {
            return previous;
        }
        AsciiString made = made(head, field);
        last[common] = made;
        return made;
    }

    /** Field {@code field}'s value, copied: the head's bytes are reused for the next head. */
    private static AsciiString made(HeadFields head, int field) {
        int start = head.valueStart(field);
        return new AsciiString(head.bytes(), start, head.valueEnd(field) - start, true);
    }

    private static boolean same(AsciiString value, byte[] bytes, int start) {
        byte[] array = value.array();
        int offset = value.arrayOffset();
        for (int i = 0; i < value.length(); i++) {
            if (array[offset + i] != bytes[start + i]) {
                return false;
            }
        }
        return true;
    }
}
