package dev.telltale.triage;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The "Containers" section of the text summary: per container, what its events say and when. */
final class ContainerText {

    private ContainerText() {
    }

    static void print(Summary s, UtcTimes times, PrintWriter out) {
        if (s.containers().isEmpty()) {
            return;
        }
        out.println();
        out.println("Containers");
        TextTable table = new TextTable("CONTAINER", "SERVICE", "WHAT", ">COUNT", "FIRST", "LAST", "DETAIL");
        for (ContainerTimeline c : s.containers()) {
            List<Object[]> rows = new ArrayList<>();
            rows.add(row("all events", c.events(), times, null));
            rows.add(row("OOM kills", c.oomKills(), times, null));
            rows.add(row("exits", c.dies(), times, codes(c.exitCodes())));
            rows.add(row("restarts", c.restarts(), times, null));
            rows.add(row("stopped", c.stops(), times, null));
            rows.add(row("health changes", c.healthChanges(), times, c.health() == null ? null : "now " + c.health()));
            boolean first = true;
            for (Object[] row : rows) {
                if (row == null) {
                    continue;
                }
                // The name once per container: the rows below it are its own.
                table.row(first ? c.name() : "", first ? c.service() : "", row[0], row[1], row[2], row[3], row[4]);
                first = false;
            }
        }
        table.print(out, "  ");
    }

    /** Null for something that never happened: the table shows what did. */
    private static Object[] row(String what, ContainerTimeline.Count count, UtcTimes times, String detail) {
        if (count.count() == 0) {
            return null;
        }
        return new Object[] {what, count.count(), times.time(count.first()), times.time(count.last()),
                detail == null ? "" : detail};
    }

    /** "code 137 ×3, code 1 ×2"; an exit without a code is "code ?". */
    private static String codes(Map<Integer, Long> exitCodes) {
        List<String> parts = new ArrayList<>();
        exitCodes.forEach((code, n) -> parts.add("code " + (code < 0 ? "?" : code) + " ×" + n));
        return String.join(", ", parts);
    }
}
