package dev.telltale.failure;

import java.util.List;

/**
 * What a failure class means, written for someone under pressure.
 *
 * @param title       one line, e.g. "Connection refused by the application"
 * @param summary     a short phrase safe to show anyone (no hosts, ports or exception text),
 *                    printable ASCII because it also goes into the Proxy-Status header
 * @param explanation two or three plain sentences
 * @param causes      the causes an operator actually meets, most likely first
 * @param nextChecks  concrete checks, in the order worth trying them
 */
public record Explanation(String title, String summary, String explanation, List<String> causes,
                          List<String> nextChecks) {

    public Explanation {
        causes = List.copyOf(causes);
        nextChecks = List.copyOf(nextChecks);
    }
}
