package dev.telltale.config;

/** A value as an error message shows it: in double quotes, escaped, and cut short if long. */
final class Quoted {

    private static final int MAX_SHOWN = 60;

    private Quoted() {
    }

    static String of(String text) {
        String shown = text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "…" : text;
        StringBuilder out = new StringBuilder(shown.length() + 2).append('"');
        for (char c : shown.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
