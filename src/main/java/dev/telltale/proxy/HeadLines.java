package dev.telltale.proxy;

import dev.telltale.http1.HeadFields;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;

/** Writing a head's lines for the next hop, the same way in both directions: copied, joined, or made. */
final class HeadLines {

    static final byte[] CRLF = ascii("\r\n");
    private static final byte[] LIST = ascii(", ");
    private static final byte[] NAME_END = ascii(": ");

    private HeadLines() {
    }

    /** Field {@code field} of {@code head}, as it came. */
    static void copy(HeadFields head, int field, ByteBuf out) {
        out.writeBytes(head.bytes(), head.lineStart(field), head.lineEnd(field) - head.lineStart(field)).writeBytes(CRLF);
    }

    /**
     * One line for list field {@code lowerName} ({@code line} is its name and ": "): the values of
     * every such line of {@code head}, in order, then {@code ours} last.
     */
    static void joined(HeadFields head, String lowerName, byte[] line, CharSequence ours, ByteBuf out) {
        out.writeBytes(line);
        for (int i = 0; i < head.fieldCount(); i++) {
            if (head.nameIs(i, lowerName) && head.valueEnd(i) > head.valueStart(i)) {
                out.writeBytes(head.bytes(), head.valueStart(i), head.valueEnd(i) - head.valueStart(i)).writeBytes(LIST);
            }
        }
        ByteBufUtil.writeAscii(out, ours);
        out.writeBytes(CRLF);
    }

    /**
     * A field the proxy makes. The value's chars are written as bytes (ISO-8859-1): an obs-text
     * byte stays itself. The values are checked where they are made; a control character (a CR or
     * LF above all) that got past that still never ends the line here: it becomes {@code ?}.
     */
    static void field(ByteBuf out, CharSequence name, CharSequence value) {
        ByteBufUtil.writeAscii(out, name);
        out.writeBytes(NAME_END);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out.writeByte(c < 0x20 && c != '\t' || c == 0x7F ? '?' : c);
        }
        out.writeBytes(CRLF);
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
