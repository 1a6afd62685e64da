package dev.telltale.triage;

import dev.telltale.failure.Failure;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The summary for a person: short sections of plain text and aligned tables, verdict first. */
public final class SummaryText {

    private SummaryText() {
    }

    public static void print(Summary s, PrintWriter out) {
        UtcTimes times = s.times();
        out.println("Telltale triage (times in UTC)");
        out.println(inputLine(s));
        if (s.requests() == 0) {
            out.println("No request lines found.");
            health(s, times, out);
            ContainerText.print(s, times, out);
            return;
        }
        out.printf(Locale.ROOT, "%s from %s to %s; %s%n", plural(s.requests(), "request"),
                times.time(s.firstRequest()), times.time(s.lastRequest()), failedLine(s));
        Verdict v = s.verdict();
        out.println();
        out.println("Most likely failing layer: " + v.layer().words());
        out.println("  " + TextTable.printable(v.sentence()));
        if (v.title() != null) {
            out.println("  " + TextTable.printable(v.failure() + ": " + v.title()) + ". Next checks:");
        } else if (!v.nextChecks().isEmpty()) {
            out.println("  Next checks:");
        }
        v.nextChecks().forEach(check -> out.println("    - " + TextTable.printable(check)));
        storms(s, times, out);
        if (s.failed() > 0) {
            failures(s, times, out);
            timeline(s, times, out);
        }
        health(s, times, out);
        ContainerText.print(s, times, out);
    }

    private static void storms(Summary s, UtcTimes times, PrintWriter out) {
        if (s.clientStorms().isEmpty()) {
            return;
        }
        out.println();
        out.println("Client-side storms (the clients' doing, beside the verdict above)");
        for (ClientStorm storm : s.clientStorms()) {
            out.println("  " + TextTable.printable(ClientStorms.sentence(storm, times)));
        }
    }

    private static String inputLine(Summary s) {
        List<String> parts = new ArrayList<>();
        parts.add(plural(s.requests(), "request"));
        if (s.healthEvents() > 0) {
            parts.add(plural(s.healthEvents(), "health event"));
        }
        if (s.containerEvents() > 0) {
            parts.add(plural(s.containerEvents(), "container event"));
        }
        if (s.otherEvents() > 0) {
            parts.add(plural(s.otherEvents(), "event") + " of other types (not read)");
        }
        if (s.malformed() > 0) {
            parts.add("skipped " + plural(s.malformed(), "malformed line"));
        }
        return "Read " + plural(s.lines(), "line") + ": " + String.join(", ", parts);
    }

    private static String failedLine(Summary s) {
        if (s.failed() == 0) {
            return "none failed";
        }
        String sides = s.upstreamFailed() + " upstream-side, " + s.proxyFailed() + " proxy-side, "
                + s.clientFailed() + " client-side" + (s.unknownFailed() > 0 ? ", " + s.unknownFailed()
                + " of unknown classes" : "");
        return String.format(Locale.ROOT, "%d failed (%.1f%%): %s", s.failed(), 100.0 * s.failed() / s.requests(),
                sides);
    }

    private static void failures(Summary s, UtcTimes times, PrintWriter out) {
        out.println();
        out.println("Failures by class, route and target");
        TextTable table = new TextTable("FAILURE", "SIDE", "ROUTE", "UPSTREAM", "TARGET", ">COUNT", "FIRST", "LAST");
        for (FailureGroup g : s.groups()) {
            table.row(g.label(), side(g.side()), g.route(), g.upstream(), g.target(), g.count(),
                    times.time(g.first()), times.time(g.last()));
        }
        table.print(out, "  ");
    }

    private static void timeline(Summary s, UtcTimes times, PrintWriter out) {
        out.println();
        out.println("Failures per minute");
        TextTable table = new TextTable("MINUTE", ">REQUESTS", ">FAILED", "BY CLASS");
        Minute previous = null;
        for (Minute m : s.timeline()) {
            long quiet = previous == null ? 0 : Duration.between(previous.start(), m.start()).toMinutes() - 1;
            if (quiet > 0) {
                table.row("...", "", "", "(" + plural(quiet, "minute") + " without failures)");
            }
            table.row(times.minute(m.start()), m.requests(), m.failed(), byClass(m.byClass()));
            previous = m;
        }
        table.print(out, "  ");
    }

    /** Biggest class first: "connection_refused 117, client_closed 2". */
    private static String byClass(Map<String, Long> counts) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        List<String> parts = new ArrayList<>();
        entries.forEach(e -> parts.add(e.getKey() + " " + e.getValue()));
        return String.join(", ", parts);
    }

    private static void health(Summary s, UtcTimes times, PrintWriter out) {
        if (s.healthEvents() == 0) {
            return;
        }
        out.println();
        out.println("Health transitions" + (s.healthEvents() > s.transitions().size()
                ? " (the first " + s.transitions().size() + " of " + s.healthEvents() + ")" : ""));
        TextTable table = new TextTable("TIME", "UPSTREAM", "TARGET", "FROM", "TO", "FAILURE", "DETAIL");
        for (LogLine.Health h : s.transitions()) {
            table.row(times.time(h.ts()), h.upstream(), h.target(), h.from(), h.to(), h.failure(), h.detail());
        }
        table.print(out, "  ");
    }

    private static String side(Failure.Side side) {
        return side == null ? "?" : side.name().toLowerCase(Locale.ROOT);
    }

    static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
