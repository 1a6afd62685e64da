package dev.telltale.http1;

import java.util.Arrays;

/**
 * The field lines of a message head read on its bytes, requests and responses alike: where each
 * line, name and value is, and what the Connection fields say, with no text made unless asked.
 * The head has passed its strict check: its lines are well formed.
 */
public abstract class HeadFields {

    private static final int SLOTS = 5;

    /** The head, its start line to the blank line: {@code bytes[0, length)}. */
    byte[] bytes;
    int length;
    /** Per field line: its start, its colon, its value's start and end (trimmed), its end before CR LF. */
    private int[] fields;
    private int fieldCount;
    /** The fields named Connection, by index: they name more hop-by-hop fields. Made at the first; rarely more than one. */
    private int[] connectionFields;
    private int connectionCount;
    private boolean close;
    private boolean keepAliveAsked;

    /** {@code fieldCapacity}: how many field lines the table holds before it must grow. */
    HeadFields(byte[] bytes, int fieldCapacity) {
        this.bytes = bytes;
        this.fields = new int[Math.max(1, fieldCapacity) * SLOTS];
    }

    /** Forgets the fields of the head before, for a view that is filled again. */
    void clearFields() {
        fieldCount = 0;
        connectionCount = 0;
        close = false;
        keepAliveAsked = false;
    }

    /**
     * A field line {@code bytes[from, to)} with its colon, as the check found it; returns its index.
     * A Connection field is noted: what it lists is hop-by-hop too.
     */
    int addField(int from, int colon, int to) {
        int valueStart = FieldSyntax.valueStart(bytes, colon + 1, to);
        int valueEnd = FieldSyntax.valueEnd(bytes, valueStart, to);
        if (fields.length < (fieldCount + 1) * SLOTS) {
            fields = Arrays.copyOf(fields, fields.length * 2);
        }
        int at = fieldCount * SLOTS;
        fields[at] = from;
        fields[at + 1] = colon;
        fields[at + 2] = valueStart;
        fields[at + 3] = valueEnd;
        fields[at + 4] = to;
        if (colon - from == 10 && FieldSyntax.nameIs(bytes, from, colon, "connection")) {
            close |= listHas(valueStart, valueEnd, "close");
            keepAliveAsked |= listHas(valueStart, valueEnd, "keep-alive");
            if (connectionFields == null) {
                connectionFields = new int[2];
            } else if (connectionCount == connectionFields.length) {
                connectionFields = Arrays.copyOf(connectionFields, connectionCount * 2);
            }
            connectionFields[connectionCount++] = fieldCount;
        }
        return fieldCount++;
    }

    /** Whether the comma-separated list {@code bytes[from, to)} has {@code lowerToken}, ignoring case. */
    boolean listHas(int from, int to, String lowerToken) {
        return listHas(from, to, lowerToken, -1);
    }

    /**
     * Whether the list {@code bytes[from, to)} has an item that is {@code lowerToken}, or, when that
     * is null, the name of field {@code field}; ASCII case ignored, whitespace around items too.
     */
    private boolean listHas(int from, int to, String lowerToken, int field) {
        int at = from;
        while (at < to) {
            int comma = FieldSyntax.indexOf(bytes, at, to, ',');
            int itemEnd = comma < 0 ? to : comma;
            int start = FieldSyntax.valueStart(bytes, at, itemEnd);
            int end = FieldSyntax.valueEnd(bytes, start, itemEnd);
            if (end > start && (lowerToken != null ? FieldSyntax.nameIs(bytes, start, end, lowerToken)
                    : nameIs(field, start, end))) {
                return true;
            }
            at = itemEnd + 1;
        }
        return false;
    }

    /** Whether a Connection field of this head names field {@code field}, which is then hop-by-hop too. */
    public boolean namedByConnection(int field) {
        for (int n = 0; n < connectionCount; n++) {
            int connection = connectionFields[n];
            if (listHas(valueStart(connection), valueEnd(connection), null, field)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a Connection field lists {@code lowerToken} ({@code upgrade}, say). */
    public boolean connectionHas(String lowerToken) {
        for (int n = 0; n < connectionCount; n++) {
            int connection = connectionFields[n];
            if (listHas(valueStart(connection), valueEnd(connection), lowerToken)) {
                return true;
            }
        }
        return false;
    }

    /** The sender keeps the connection open after this message (HTTP/1.1 unless it says close; 1.0 if it says keep-alive). */
    public boolean keepAlive() {
        return !close && (!http10() || keepAliveAsked);
    }

    public abstract boolean http10();

    /** The head's bytes: {@code bytes()[0, length())}. */
    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return length;
    }

    public int fieldCount() {
        return fieldCount;
    }

    public int lineStart(int field) {
        return fields[field * SLOTS];
    }

    /** The end of the field's line, before its CR LF. */
    public int lineEnd(int field) {
        return fields[field * SLOTS + 4];
    }

    /** Where the field's name ends: its colon. */
    public int nameEnd(int field) {
        return fields[field * SLOTS + 1];
    }

    public int valueStart(int field) {
        return fields[field * SLOTS + 2];
    }

    public int valueEnd(int field) {
        return fields[field * SLOTS + 3];
    }

    /** The index of the first field named {@code lowerName} (lower case), or -1. */
    public int find(String lowerName) {
        for (int i = 0; i < fieldCount; i++) {
            if (nameIs(i, lowerName)) {
                return i;
            }
        }
        return -1;
    }

    /** The value of the first field named {@code lowerName}, trimmed, or null when there is none. */
    public String value(String lowerName) {
        int field = find(lowerName);
        return field < 0 ? null : value(field);
    }

    /** The value of the first field named {@code name} (a configured name: any case, on both sides), or null. */
    public String valueNamed(String name) {
        for (int i = 0; i < fieldCount; i++) {
            if (nameIsIgnoringCase(i, name)) {
                return value(i);
            }
        }
        return null;
    }

    /** Field {@code field}'s value as text, trimmed (bytes as ISO-8859-1, as they came). */
    public String value(int field) {
        return FieldSyntax.text(bytes, valueStart(field), valueEnd(field));
    }

    /** Whether the value of the first field named {@code lowerName} starts with {@code lowerPrefix}, ignoring case; no text is made. */
    public boolean valueStartsWith(String lowerName, String lowerPrefix) {
        int field = find(lowerName);
        if (field < 0) {
            return false;
        }
        int start = valueStart(field);
        if (valueEnd(field) - start < lowerPrefix.length()) {
            return false;
        }
        for (int i = 0; i < lowerPrefix.length(); i++) {
            if (lower(bytes[start + i]) != lowerPrefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether field {@code field}'s name is {@code lowerName} (lower case), ignoring the field's case. */
    public boolean nameIs(int field, String lowerName) {
        return FieldSyntax.nameIs(bytes, fields[field * SLOTS], fields[field * SLOTS + 1], lowerName);
    }

    /** Whether field {@code field}'s name is {@code name}, ignoring ASCII case on both sides. */
    public boolean nameIsIgnoringCase(int field, String name) {
        int start = fields[field * SLOTS];
        int n = fields[field * SLOTS + 1] - start;
        if (n != name.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (lower(bytes[start + i]) != lower((byte) name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether field {@code field}'s name is {@code bytes[from, to)}, ignoring ASCII case. */
    private boolean nameIs(int field, int from, int to) {
        int start = fields[field * SLOTS];
        int n = fields[field * SLOTS + 1] - start;
        if (n != to - from) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (lower(bytes[start + i]) != lower(bytes[from + i])) {
                return false;
            }
        }
        return true;
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }
}
