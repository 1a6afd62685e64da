package dev.telltale.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the known name closest to a misspelt one, for "did you mean" hints. */
final class DidYouMean {

    private DidYouMean() {
    }

    /** {@code ; did you mean `x`?}, or an empty string when nothing is close. */
    static String hint(String word, Collection<String> known) {
        return closest(word, known).map(name -> "; did you mean `" + name + "`?").orElse("");
    }

    static Optional<String> closest(String word, Collection<String> known) {
        String typed = normalize(word);
        // Short names get one edit, longer ones two: "port" must not suggest "path", nor
        // "connection_reset" (another failure) "connection_refused".
        int allowed = Math.min(2, Math.max(1, typed.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(typed, normalize(candidate));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (best != null && bestDistance <= allowed) {
            return Optional.of(best);
        }
        // A truncated key ("health" for "health_check") is a likely slip too.
        return typed.length() < 4 ? Optional.empty()
                : known.stream().filter(candidate -> normalize(candidate).startsWith(typed)).findFirst();
    }

    private static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** Edit distance where swapping two neighbouring letters counts as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
