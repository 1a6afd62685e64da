package dev.telltale.cli;

import dev.telltale.config.UpstreamConfig;
import dev.telltale.failure.Explanation;
import dev.telltale.failure.Explanations;
import dev.telltale.health.TargetCheck.Report;
import dev.telltale.health.TargetCheck.StepResult;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The likely cause and the next check that {@code doctor} prints under a failed step: taken from
 * the failure's explanation (the same text as the error page), with the placeholders filled in
 * for this target, and the entry that best fits what was observed chosen over the first one.
 */
final class Advice {

    record Lines(String likely, String check) {
    }

    private Advice() {
    }

    static Lines of(StepResult failed, Report report, UpstreamConfig upstream) {
        if (failed.failure() == null) {
            return ofStatus(report, upstream);
        }
        Explanation explanation = Explanations.of(failed.failure());
        // doctor is what is running, so the checks that suggest it are no news.
        List<String> checks = explanation.nextChecks().stream().filter(c -> !c.contains("./proxy doctor")).toList();
        // Words that restate the failure class, or name the target, are in many texts: they tell none apart.
        Set<String> observed = words(failed.detail());
        observed.removeAll(words(explanation.title() + " " + explanation.summary() + " " + report.target().host()
                + " " + tlsName(report, upstream)));
        // A timeout's detail always names the limit that ran out; that alone would make "the limit is too
        // short" the likely cause of every timeout.
        observed.removeIf(word -> word.contains("timeout"));
        return new Lines(bestFit(fill(explanation.causes(), report, upstream), observed),
                bestFit(fill(checks, report, upstream), observed));
    }

    /** An answer that is not 2xx or 3xx: the app runs, so the advice is about the path or the app's state. */
    private static Lines ofStatus(Report report, UpstreamConfig upstream) {
        String url = "curl -i http://" + report.target() + report.path();
        String key = "upstreams." + upstream.name() + ".health_check.path";
        if (report.status() >= 500) {
            return new Lines("the app runs but reports an error, e.g. a database or a service it needs is down",
                    "docker compose logs --tail=50 app — why does GET " + report.path() + " answer "
                            + report.status() + "?");
        }
        if (upstream.healthCheck() == null) {
            return new Lines("the app does not serve " + report.path() + " (no health_check is set, so doctor asks"
                    + " for /)", "set " + key + " to a path the app answers with 2xx or 3xx (this also turns on"
                    + " active health checks)");
        }
        return new Lines("the app does not serve " + report.path() + " to the proxy: a wrong " + key
                + ", or the path needs authentication", url + " from the proxy's container");
    }

    private static List<String> fill(List<String> texts, Report report, UpstreamConfig upstream) {
        String host = report.target().host();
        String name = tlsName(report, upstream);
        return texts.stream().map(text -> text
                .replace("upstreams.<name>.", "upstreams." + upstream.name() + ".")
                .replace("<name>", name)
                .replace("<host>", host)
                .replace("<port>", String.valueOf(report.target().port()))
                .replace("<address>", report.address() != null ? report.address() : host)
                .replace("/<path>", report.path())).toList();
    }

    /** The name the upstream's certificate must be for. */
    private static String tlsName(Report report, UpstreamConfig upstream) {
        return upstream.tls().sni() != null ? upstream.tls().sni() : report.target().host();
    }

    /** The text sharing the most words with what was observed; the first one (the most likely) on a tie. */
    private static String bestFit(List<String> texts, Set<String> observed) {
        String best = texts.get(0);
        long bestScore = 0;
        for (String text : texts) {
            long score = words(text).stream().filter(observed::contains).count();
            if (score > bestScore) {
                best = text;
                bestScore = score;
            }
        }
        return best;
    }

    /**
     * Words of four letters or more, with dotted keys kept whole so that a key named in both counts.
     * Numbers are left out: an address in the detail says nothing about which cause it is.
     */
    private static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^a-z0-9._]+"))
                .map(word -> word.replaceAll("^\\.+|\\.+$", ""))
                .filter(word -> word.length() >= 4 && word.chars().noneMatch(Character::isDigit))
                .forEach(words::add);
        return words;
    }
}
