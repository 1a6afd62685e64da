package dev.telltale.http1;

/**
 * The last text made of the Host and User-Agent fields on one client connection. A keep-alive
 * client sends the same ones with every request, so the same bytes give back the same
 * {@code String} instead of a new one each time (about 56 bytes of garbage for a Host, 150 for a
 * browser's User-Agent). One per connection, used only on its event loop.
 */
public final class RepeatedValues {

    private String host;
    private String userAgent;

    String host(byte[] bytes, int from, int to) {
        host = reuse(host, bytes, from, to);
        return host;
    }

    String userAgent(byte[] bytes, int from, int to) {
        userAgent = reuse(userAgent, bytes, from, to);
        return userAgent;
    }

    /** {@code last} when it is the text of {@code bytes[from, to)}, else that text made anew. */
    private static String reuse(String last, byte[] bytes, int from, int to) {
        return same(last, bytes, from, to) ? last : FieldSyntax.text(bytes, from, to);
    }

    /** Whether {@code text} is {@code bytes[from, to)} read as ISO-8859-1, as the field's text is made. */
    private static boolean same(String text, byte[] bytes, int from, int to) {
        if (text == null || text.length() != to - from) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) != (char) (bytes[from + i] & 0xff)) {
                return false;
            }
        }
        return true;
    }
}
