package dev.telltale.diagnostics;

import dev.telltale.container.ContainerFacts;

import java.util.ArrayList;
import java.util.List;

/** The container's facts in one line, for the full-detail page and text body. */
final class ContainerText {

    private ContainerText() {
    }

    /** {@code shop-app-1 (service app, image shop:1.4): exited, exit 137, OOM-killed, 3 restarts in 15 min, since ...}. */
    static String describe(ContainerFacts c) {
        List<String> about = new ArrayList<>();
        if (c.service() != null) {
            about.add("service " + c.service());
        }
        if (c.image() != null) {
            about.add("image " + c.image());
        }
        List<String> state = new ArrayList<>();
        state.add(c.state());
        if (c.exitCode() != null) {
            state.add("exit " + c.exitCode());
        }
        if (c.oomKilled()) {
            state.add("OOM-killed");
        }
        if (c.health() != null) {
            state.add("health " + c.health());
        }
        if (c.restarts15m() > 0) {
            state.add(c.restarts15m() + " restart" + (c.restarts15m() == 1 ? "" : "s") + " in 15 min");
        }
        if (c.since() != null) {
            state.add("since " + c.since());
        }
        return c.name() + (about.isEmpty() ? "" : " (" + String.join(", ", about) + ")") + ": "
                + String.join(", ", state);
    }
}
