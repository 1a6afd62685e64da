package dev.telltale.http1;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed set of field names, matched against a head's field without making text. The names are
 * kept by their length: a field is compared only with the names as long as its own, and most fields
 * have a length no name in the set has, so they are rejected before any byte is compared.
 * Immutable; built once.
 */
public final class FieldNameSet {

    private static final int[] NONE = {};

    private final byte[][] names;
    /** For each length, the places of the names that long; a field longer than every name is in none. */
    private final int[][] byLength;

    /** {@code lowerNames} in lower case; a name's place in this list is its number. */
    public FieldNameSet(String... lowerNames) {
        names = new byte[lowerNames.length][];
        List<List<Integer>> places = new ArrayList<>();
        for (int i = 0; i < lowerNames.length; i++) {
            names[i] = lowerNames[i].getBytes(StandardCharsets.US_ASCII);
            while (places.size() <= names[i].length) {
                places.add(new ArrayList<>());
            }
            places.get(names[i].length).add(i);
        }
        byLength = new int[places.size()][];
        for (int length = 0; length < places.size(); length++) {
            List<Integer> those = places.get(length);
            byLength[length] = those.isEmpty() ? NONE : those.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** How many names there are: their numbers run from 0 to this, exclusive. */
    public int size() {
        return names.length;
    }

    /** Whether field {@code field} of {@code head} has one of these names, in any case. */
    public boolean has(HeadFields head, int field) {
        return indexOf(head, field) >= 0;
    }

    /** The number of the name field {@code field} of {@code head} has, in any case, or -1 when it has none of them. */
    public int indexOf(HeadFields head, int field) {
        int from = head.lineStart(field);
        int colon = head.nameEnd(field);
        int length = colon - from;
        if (length >= byLength.length) {
            return -1;
        }
        byte[] bytes = head.bytes();
        for (int number : byLength[length]) {
            if (FieldSyntax.nameIs(bytes, from, colon, names[number])) {
                return number;
            }
        }
        return -1;
    }

    /** Whether {@code name}, in any case, is one of these names. */
    public boolean contains(CharSequence name) {
        int length = name.length();
        if (length >= byLength.length) {
            return false;
        }
        for (int number : byLength[length]) {
            if (sameIgnoringCase(name, names[number])) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameIgnoringCase(CharSequence name, byte[] lower) {
        for (int i = 0; i < lower.length; i++) {
            char c = name.charAt(i);
            if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != lower[i]) {
                return false;
            }
        }
        return true;
    }
}
