package dev.telltale.diagnostics;

import java.util.Arrays;

/**
 * Builds a body straight into UTF-8 bytes. A {@code StringBuilder} turns UTF-16 at the first
 * character beyond Latin-1 (the explanations have em dashes, the page has check marks) and
 * then costs a second, larger encoding pass; error responses are made on the hot path of a
 * failure storm. Netty's {@code ByteBufUtil.writeUtf8} does the same job but not for every
 * input: after a lone high surrogate it writes the next character as one raw byte (invalid
 * UTF-8 for anything beyond ASCII) or drops the pair it starts, and request text reflected into a
 * page may hold exactly that; {@code Utf8BuilderTest} pins the JDK's encoding instead.
 */
final class Utf8Builder {

    /** Beyond this a thread's scratch builder is not kept: one huge page must not pin its array. */
    private static final int SCRATCH_KEPT = 64 * 1024;
    private static final ThreadLocal<Utf8Builder> SCRATCH = ThreadLocal.withInitial(() -> new Utf8Builder(8192));

    private byte[] bytes;
    private int length;

    Utf8Builder(int capacity) {
        bytes = new byte[capacity];
    }

    /**
     * This thread's builder, emptied: a body is built in it and copied out once by
     * {@link #toByteArray}, so a failure storm's pages make no working array each. Only for a
     * whole body, built and copied out before anything else on the thread takes the scratch.
     */
    static Utf8Builder scratch() {
        Utf8Builder builder = SCRATCH.get();
        if (builder.bytes.length > SCRATCH_KEPT) {
            builder = new Utf8Builder(8192);
            SCRATCH.set(builder);
        }
        builder.length = 0;
        return builder;
    }

    Utf8Builder append(byte[] utf8) {
        ensure(utf8.length);
        System.arraycopy(utf8, 0, bytes, length, utf8.length);
        length += utf8.length;
        return this;
    }

    /** A lone surrogate becomes {@code ?}, as {@link String#getBytes} would make it. */
    Utf8Builder append(CharSequence text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (length == bytes.length) {
                    ensure(n - i); // an earlier character took more than one byte
                }
                bytes[length++] = (byte) c;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                appendCodePoint(Character.toCodePoint(c, text.charAt(++i)));
            } else {
                appendCodePoint(Character.isSurrogate(c) ? '?' : c);
            }
        }
        return this;
    }

    Utf8Builder append(char c) {
        return Character.isSurrogate(c) ? appendCodePoint('?') : appendCodePoint(c);
    }

    Utf8Builder append(int number) {
        return append(Integer.toString(number));
    }

    private Utf8Builder appendCodePoint(int cp) {
        ensure(4);
        if (cp < 0x80) {
            bytes[length++] = (byte) cp;
        } else if (cp < 0x800) {
            bytes[length++] = (byte) (0xC0 | cp >> 6);
            bytes[length++] = (byte) (0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            bytes[length++] = (byte) (0xE0 | cp >> 12);
            bytes[length++] = (byte) (0x80 | cp >> 6 & 0x3F);
            bytes[length++] = (byte) (0x80 | cp & 0x3F);
        } else {
            bytes[length++] = (byte) (0xF0 | cp >> 18);
            bytes[length++] = (byte) (0x80 | cp >> 12 & 0x3F);
            bytes[length++] = (byte) (0x80 | cp >> 6 & 0x3F);
            bytes[length++] = (byte) (0x80 | cp & 0x3F);
        }
        return this;
    }

    int length() {
        return length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
