package dev.telltale.diagnostics;

/** Escaping for text and attribute values in the error page. */
public final class Html {

    private Html() {
    }

    /**
     * Escapes {@code & < > " '}, so the result is safe in element content and in quoted
     * attributes; other control characters than tab, CR and LF become U+FFFD. Null becomes "".
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\t', '\n', '\r' -> out.append(c);
                default -> out.append(Character.isISOControl(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }
}
