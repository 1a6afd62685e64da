package dev.telltale.admin;

import dev.telltale.diagnostics.Html;

import java.util.ArrayList;
import java.util.List;

/** The container parts of the /status page, every value from Docker escaped (names and images are user text). */
final class ContainerCell {

    private ContainerCell() {
    }

    /** " · Docker: connected, 4 containers", or not connected; "" without a source. */
    static String docker(StatusReport.DockerRow docker) {
        if (docker == null) {
            return "";
        }
        if (docker.connected()) {
            int n = docker.containers();
            return " · Docker: connected, " + n + " container" + (n == 1 ? "" : "s");
        }
        return " · Docker: <span class=down>not connected</span> (container state as of "
                + Html.escape(String.valueOf(docker.asOf())) + ")";
    }

    /** The cell of one target: each container behind it, with its latest events. */
    static String of(List<StatusReport.ContainerRow> containers) {
        if (containers == null || containers.isEmpty()) {
            return "none known";
        }
        StringBuilder out = new StringBuilder();
        for (StatusReport.ContainerRow c : containers) {
            out.append(out.isEmpty() ? "" : "<br>").append("<code>").append(Html.escape(c.name())).append("</code>");
            if (c.service() != null) {
                out.append(" (").append(Html.escape(c.service())).append(")");
            }
            boolean serving = c.state().equals("running") && !"unhealthy".equals(c.health());
            out.append(" <span class=").append(serving ? "up" : "down").append(">").append(Html.escape(state(c)))
                    .append("</span>");
            if (c.since() != null) {
                out.append(" since ").append(Html.escape(c.since().toString()));
            }
            if (!c.events().isEmpty()) {
                List<String> events = new ArrayList<>();
                c.events().forEach(e -> events.add(Html.escape(e.ts() + " " + event(e))));
                out.append("<br><small>").append(String.join("<br>", events)).append("</small>");
            }
        }
        return out.toString();
    }

    /** "exited, exit 137, OOM-killed, 3 restarts in 15 min". */
    private static String state(StatusReport.ContainerRow c) {
        List<String> parts = new ArrayList<>();
        parts.add(c.state());
        if (c.health() != null) {
            parts.add(c.health());
        }
        if (c.exitCode() != null) {
            parts.add("exit " + c.exitCode());
        }
        if (c.oomKilled()) {
            parts.add("OOM-killed");
        }
        if (c.restarts15m() > 0) {
            parts.add(c.restarts15m() + " restart" + (c.restarts15m() == 1 ? "" : "s") + " in 15 min");
        }
        return String.join(", ", parts);
    }

    private static String event(StatusReport.EventRow e) {
        if (e.exitCode() != null) {
            return e.action() + " (exit " + e.exitCode() + ")";
        }
        return e.health() != null ? e.action() + " (" + e.health() + ")" : e.action();
    }
}
