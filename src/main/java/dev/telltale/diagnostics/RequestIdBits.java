package dev.telltale.diagnostics;

import java.nio.charset.StandardCharsets;

/**
 * A request ID the proxy makes (20 characters of Crockford's lower-case base32, 100 bits) as two
 * longs of 50 bits each, and back: the proxy makes its IDs from random halves, and an incident keeps
 * an ID as its halves, without a string of its own. Any other ID (one a client sent and the proxy
 * trusts) is not encodable and is kept as it came.
 */
public final class RequestIdBits {

    public static final int LENGTH = 20;
    /** The bits of a half. */
    public static final long HALF = (1L << 50) - 1;
    /** Never a half's value: a half holds 50 bits. */
    static final long NOT_ENCODABLE = -1;

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final byte[] VALUES = new byte[128];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = (byte) i;
        }
    }

    private RequestIdBits() {
    }

    /** The first ten characters' bits, or {@link #NOT_ENCODABLE}. */
    static long high(String id) {
        return id != null && id.length() == LENGTH ? half(id, 0) : NOT_ENCODABLE;
    }

    /** The last ten characters' bits, or {@link #NOT_ENCODABLE}. */
    static long low(String id) {
        return id != null && id.length() == LENGTH ? half(id, LENGTH / 2) : NOT_ENCODABLE;
    }

    /** The ID of two halves (each within {@link #HALF}). */
    public static String decode(long high, long low) {
        byte[] out = new byte[LENGTH];
        decodeInto(high, low, out);
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /** The ID's characters, as ASCII, into the first {@link #LENGTH} bytes of {@code out}. */
    public static void decodeInto(long high, long low, byte[] out) {
        decodeHalf(high, out, 0);
        decodeHalf(low, out, LENGTH / 2);
    }

    private static long half(String id, int from) {
        long bits = 0;
        for (int i = from; i < from + LENGTH / 2; i++) {
            char c = id.charAt(i);
            int value = c < VALUES.length ? VALUES[c] : -1;
            if (value < 0) {
                return NOT_ENCODABLE;
            }
            bits = bits << 5 | value;
        }
        return bits;
    }

    private static void decodeHalf(long bits, byte[] out, int from) {
        for (int i = from + LENGTH / 2 - 1; i >= from; i--) {
            out[i] = (byte) ALPHABET[(int) (bits & 31)];
            bits >>>= 5;
        }
    }
}
