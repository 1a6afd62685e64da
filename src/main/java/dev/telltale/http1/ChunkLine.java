package dev.telltale.http1;

import java.nio.charset.StandardCharsets;

/**
 * One chunk-size line of a chunked body, without its CRLF (RFC 9112 §7.1):
 * {@code 1*HEXDIG *( BWS ";" BWS ext-name [ BWS "=" BWS ( token / quoted-string ) ] )}.
 * Anything else (a sign, a 0x prefix, spaces with no extension, a size past 2^60, control
 * bytes) is refused: parsers disagree on such lines, which is how request smuggling and
 * response splitting begin. Used for request bodies and for response bodies alike.
 */
public record ChunkLine(long size, String problem) {

    /** Sixteen hex digits would overflow a signed long; fifteen are already far beyond any body. */
    static final int MAX_DIGITS = 15;

    public static ChunkLine parse(byte[] line) {
        int i = 0;
        long size = 0;
        while (i < line.length && hex(line[i]) >= 0) {
            if (i == MAX_DIGITS) {
                return refused("chunk size has more than " + MAX_DIGITS + " hex digits", line);
            }
            size = size * 16 + hex(line[i]);
            i++;
        }
        if (i == 0) {
            return refused("chunk size is not a hex number", line);
        }
        while (i < line.length) {
            i = skipWhitespace(line, i);
            if (i == line.length || line[i] != ';') {
                return refused("chunk-size line has bytes that are not an extension", line);
            }
            i = skipWhitespace(line, i + 1);
            int name = token(line, i);
            if (name == i) {
                return refused("chunk extension without a name", line);
            }
            i = skipWhitespace(line, name);
            if (i < line.length && line[i] == '=') {
                i = skipWhitespace(line, i + 1);
                int value = i < line.length && line[i] == '"' ? quoted(line, i) : token(line, i);
                if (value <= i) {
                    return refused("chunk extension with an invalid value", line);
                }
                i = value;
            }
        }
        return new ChunkLine(size, null);
    }

    private static ChunkLine refused(String why, byte[] line) {
        return new ChunkLine(-1, why + ": " + FieldSyntax.quote(new String(line, StandardCharsets.ISO_8859_1)));
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        return b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
    }

    private static int skipWhitespace(byte[] line, int i) {
        while (i < line.length && (line[i] == ' ' || line[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static int token(byte[] line, int i) {
        while (i < line.length && FieldSyntax.isToken(line[i] & 0xff)) {
            i++;
        }
        return i;
    }

    /** Past the closing quote of the quoted-string starting at {@code i}, or -1 when it is not one. */
    private static int quoted(byte[] line, int i) {
        for (int j = i + 1; j < line.length; j++) {
            int c = line[j] & 0xff;
            if (c == '"') {
                return j + 1;
            }
            if (c == '\\') {
                j++;
                if (j == line.length || (line[j] & 0xff) < 0x20 && line[j] != '\t' || line[j] == 0x7f) {
                    return -1;
                }
            } else if (c < 0x20 && c != '\t' || c == 0x7f) {
                return -1;
            }
        }
        return -1;
    }
}
