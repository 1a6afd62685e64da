package dev.telltale.accesslog;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * JSON escaping for log lines that come from untrusted input (paths, user agents). Beyond
 * JSON's own control characters, escapes DEL, the C1 controls (terminal escape sequences) and
 * U+2028/U+2029 (line breaks to some readers), so a field can neither split a line nor drive a
 * terminal. Other non-ASCII text stays readable.
 */
final class LineSafeEscapes extends CharacterEscapes {

    private static final long serialVersionUID = 1L;

    private final int[] asciiEscapes;

    LineSafeEscapes() {
        asciiEscapes = CharacterEscapes.standardAsciiEscapesForJSON();
        asciiEscapes[0x7F] = CharacterEscapes.ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return asciiEscapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        boolean c1Control = ch >= 0x80 && ch <= 0x9F;
        if (c1Control || ch == 0x2028 || ch == 0x2029) {
            return new SerializedString(String.format("\\u%04X", ch));
        }
        return null;
    }
}
