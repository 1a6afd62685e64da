package dev.telltale.diagnostics;

import java.util.Locale;

/**
 * The body of a proxy-made error, chosen by the client's {@code Accept} header:
 * browsers get the page, API clients problem+json, everything else ({@code curl}'s
 * {@code *}{@code /*}) short text.
 */
public enum ResponseFormat {
    HTML("text/html; charset=utf-8"),
    PROBLEM_JSON("application/problem+json"),
    TEXT("text/plain; charset=utf-8");

    private final String contentType;

    ResponseFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /**
     * Only explicitly named types count: wildcards ({@code *}{@code /*}, {@code text/*}) say the
     * client takes anything, and for that the short text is the best default. Between an
     * acceptable {@code text/html} and an acceptable JSON type the higher q wins; a tie goes to
     * HTML, as browsers list {@code text/html} first with the highest weight anyway.
     *
     * @param accept the header's value, or null when absent
     */
    public static ResponseFormat negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return TEXT;
        }
        double html = 0;
        double json = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            double q = weight(parts);
            switch (type) {
                case "text/html" -> html = Math.max(html, q);
                case "application/json", "application/problem+json" -> json = Math.max(json, q);
                default -> { }
            }
        }
        if (html > 0 && html >= json) {
            return HTML;
        }
        return json > 0 ? PROBLEM_JSON : TEXT;
    }

    /** The range's q parameter; 1 when absent, 0 (not acceptable) when it is not a valid weight. */
    private static double weight(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].strip();
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).strip().equalsIgnoreCase("q")) {
                try {
                    double q = Double.parseDouble(param.substring(eq + 1).strip());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
