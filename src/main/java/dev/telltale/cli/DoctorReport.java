package dev.telltale.cli;

import dev.telltale.config.UpstreamConfig;
import dev.telltale.health.TargetCheck.Report;
import dev.telltale.health.TargetCheck.StepResult;
import dev.telltale.health.TargetCheck.Verdict;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;

/**
 * Prints {@code doctor}'s verdicts as plain text, one line per step. Each line has a mark and a
 * word (ok, FAILED, skipped), so it reads the same without colour, in a log, or on a terminal
 * that cannot show the marks (they fall back to ASCII there).
 */
final class DoctorReport {

    private final PrintWriter out;
    private final boolean unicode;
    private int checked;
    private int failed;

    DoctorReport(PrintWriter out, boolean unicode) {
        this.out = out;
        this.unicode = unicode;
    }

    /** Whether the default charset, which picocli's writers use for stdout, can show the marks. */
    static boolean unicodeOutput() {
        return Charset.defaultCharset().newEncoder().canEncode("\u2713\u2717\u2013");
    }

    void upstream(UpstreamConfig upstream, List<String> routes) {
        out.printf("upstream %s (%s %s)%n", upstream.name(), routes.size() == 1 ? "route" : "routes",
                String.join(", ", routes));
    }

    /** An upstream whose targets cannot be checked at all, e.g. its {@code tls.ca_file} does not load. */
    void unusable(UpstreamConfig upstream, String why) {
        out.printf("  %s setup    %-7s  %s%n", mark(Verdict.FAILED), word(Verdict.FAILED), why);
        checked += upstream.targets().size();
        failed += upstream.targets().size();
    }

    void target(Report report, UpstreamConfig upstream) {
        checked++;
        if (report.failed()) {
            failed++;
        }
        out.printf("  %s%n", report.target());
        for (StepResult step : report.steps()) {
            out.println("    " + line(step));
            if (step.verdict() == Verdict.FAILED) {
                Advice.Lines advice = Advice.of(step, report, upstream);
                out.println("      likely: " + advice.likely());
                out.println("      check:  " + advice.check());
            }
        }
        out.flush();
    }

    /** The container step, after a target's own steps: what Docker says of the containers it names. */
    void containers(List<DoctorContainers.Line> lines) {
        for (DoctorContainers.Line line : lines) {
            out.printf("    %s %-8s %-7s  %s%n", mark(line.verdict()), "container", word(line.verdict()), line.text());
        }
        out.flush();
    }

    /** What the running proxy learnt of the target's idle limit (only when one runs). */
    void idleLimit(String text) {
        out.printf("    %s %-8s %-7s  %s%n", mark(Verdict.OK), "idle", word(Verdict.OK), text);
        out.flush();
    }

    /** A check that gave no verdict in time: only a bug in doctor gets here, every step has a limit. */
    void noVerdict(String target, long waitedMillis) {
        checked++;
        failed++;
        out.printf("  %s%n    %s %-8s %-7s  no verdict within %d ms%n", target, mark(Verdict.FAILED), "check",
                word(Verdict.FAILED), waitedMillis);
    }

    /** Prints the summary line; true when every target passed. */
    boolean summary() {
        out.printf("%s checked, %d failed%n", Plural.of(checked, "target"), failed);
        out.flush();
        return failed == 0;
    }

    private String line(StepResult step) {
        String name = step.step().name().toLowerCase(Locale.ROOT);
        String head = String.format("%s %-8s %-7s  ", mark(step.verdict()), name, word(step.verdict()));
        if (step.verdict() == Verdict.SKIPPED) {
            return step.detail() == null ? head.stripTrailing() : head + step.detail();
        }
        String what = step.failure() == null ? step.detail() : step.failure().wireName() + ": " + step.detail();
        return head + what + "  " + step.millis() + " ms";
    }

    private String mark(Verdict verdict) {
        return switch (verdict) {
            case OK -> unicode ? "\u2713" : "+";
            case FAILED -> unicode ? "\u2717" : "x";
            case SKIPPED -> unicode ? "\u2013" : "-";
        };
    }

    private static String word(Verdict verdict) {
        return verdict == Verdict.FAILED ? "FAILED" : verdict.name().toLowerCase(Locale.ROOT);
    }
}
