package dev.telltale.http1;

import java.nio.charset.StandardCharsets;

/**
 * A fixed set of field names, matched against a head's field without making text. Most fields are
 * not in a given set, and most of those have a length no name in it has: a mask of the lengths
 * rejects them before any byte is compared. Immutable; built once.
 */
public final class FieldNameSet {

    private final byte[][] names;
    /** Bit n set: some name is n bytes long (names of 64 bytes or more set no bit and are compared always). */
    private final long lengths;
    private final boolean anyLong;

    /** {@code lowerNames} in lower case. */
    public FieldNameSet(String... lowerNames) {
        names = new byte[lowerNames.length][];
        long mask = 0;
        boolean longName = false;
        for (int i = 0; i < lowerNames.length; i++) {
            names[i] = lowerNames[i].getBytes(StandardCharsets.US_ASCII);
            if (names[i].length < 64) {
                mask |= 1L << names[i].length;
            } else {
                longName = true;
            }
        }
        lengths = mask;
        anyLong = longName;
    }

    /** Whether field {@code field} of {@code head} has one of these names, in any case. */
    public boolean has(HeadFields head, int field) {
        return indexOf(head, field) >= 0;
    }

    /** Which of these names field {@code field} of {@code head} has (its place in the constructor's list), or -1. */
    public int indexOf(HeadFields head, int field) {
        int from = head.lineStart(field);
        int colon = head.nameEnd(field);
        int length = colon - from;
        if (length < 64 ? (lengths & (1L << length)) == 0 : !anyLong) {
            return -1;
        }
        byte[] bytes = head.bytes();
        for (int i = 0; i < names.length; i++) {
            if (FieldSyntax.nameIs(bytes, from, colon, names[i])) {
                return i;
            }
        }
        return -1;
    }
}
