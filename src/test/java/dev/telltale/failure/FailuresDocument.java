package dev.telltale.failure;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Makes {@code docs/failures.md} from the {@link Failure} enum and {@code explanations.yaml},
 * so that the catalogue a reader sees is the one the proxy serves. {@link FailuresDocumentTest}
 * fails when the committed file differs, and writes it with {@code -Dtelltale.docs.write=true}.
 */
final class FailuresDocument {

    static final String REGENERATE =
            "mvn -B test -Dtest=FailuresDocumentTest -Dtelltale.docs.write=true";

    private FailuresDocument() {
    }

    static String render() {
        StringBuilder md = new StringBuilder();
        md.append("""
                # Failure classes

                <!-- Generated from the Failure enum and src/main/resources/dev/telltale/failure/explanations.yaml
                     by FailuresDocumentTest; edit those, then run: %s -->

                One vocabulary everywhere: the error page, `Proxy-Status`, problem+json, the access log's
                `failure` field, incidents, metrics labels, `doctor` and `triage`. The upstream-side names are
                the error types registered by RFC 9209 (Proxy-Status), plus `stale_connection` for the
                keep-alive race; the client-side outcomes and `client_connection_limit_reached` have names of
                their own. How each is shown to a client is in [error responses](error-responses.md).

                What the columns mean:

                - **side**: the hop that failed, as the page's hop diagram marks it and as `triage` counts it.
                - **transient**: likely to clear up by itself soon; the answer carries `Retry-After: 5` and the
                  page reloads itself after 5 seconds.
                - **retry**: `default` when it is in `retry.on` unless the config says otherwise, `allowed` when
                  it may be listed there (no request byte reached the app, or the keep-alive race), `no` when a
                  retry could repeat work the app already did.
                - **hold**: the deploy hold (`retry.hold`) waits it out, as the app is not there yet and no
                  request byte reached it.
                - **outlier**: counts against the target for passive health (`outlier.consecutive_failures`).

                | failure | status | side | transient | retry | hold | outlier | title |
                | --- | ---: | --- | --- | --- | --- | --- | --- |
                """.formatted(REGENERATE));
        for (Failure failure : Failure.values()) {
            md.append("| [`").append(failure.wireName()).append("`](#").append(failure.wireName()).append(") | ")
                    .append(failure.status()).append(" | ")
                    .append(failure.side().name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(yes(failure.isTransient())).append(" | ")
                    .append(retry(failure)).append(" | ")
                    .append(yes(failure.holdable())).append(" | ")
                    .append(yes(failure.countsAgainstTarget())).append(" | ")
                    .append(escape(Explanations.of(failure).title())).append(" |\n");
        }
        md.append("""

                Status 499 is written to the access log only: the client has gone, nobody reads a page.
                A failure that comes after the response head was forwarded cannot become a page either: the
                client's connection is closed so that it sees a truncated response, and the log line and the
                incident carry the class.
                """);
        for (Failure failure : Failure.values()) {
            Explanation text = Explanations.of(failure);
            md.append("\n## ").append(failure.wireName()).append("\n\n")
                    .append("**").append(escape(text.title())).append("** (").append(failure.status())
                    .append(", ").append(failure.side().name().toLowerCase(Locale.ROOT)).append(" side)\n\n")
                    .append(escape(text.explanation())).append("\n\n")
                    .append("Shown at `safe` detail as: ").append(escape(text.summary())).append(".\n\n")
                    .append("Likely causes:\n\n").append(list(text.causes())).append("\n")
                    .append("Next checks:\n\n").append(list(text.nextChecks()));
        }
        return md.toString();
    }

    private static String retry(Failure failure) {
        return failure.retriedByDefault() ? "default" : failure.retryable() ? "allowed" : "no";
    }

    private static String yes(boolean value) {
        return value ? "yes" : "";
    }

    private static String list(List<String> items) {
        return items.stream().map(item -> "- " + escape(item) + "\n").collect(Collectors.joining());
    }

    /** The explanations are plain text; Markdown would read {@code <name>} as a tag and {@code |} as a cell. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            if ("\\`*[]<|".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
