package dev.telltale.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.container.ContainerEvent;

import java.time.Instant;
import java.util.Set;

/**
 * One line of {@code GET /events} as a {@link ContainerEvent}, or null for the actions the
 * timeline does not keep: health checks run an {@code exec_create}/{@code exec_start}/
 * {@code exec_die} every interval, and those must not flood anything.
 */
final class EventLine {

    static final Set<String> KEPT = Set.of("create", "start", "die", "oom", "kill", "stop", "restart", "pause",
            "unpause", "rename", "destroy", "health_status");
    private static final Set<String> HEALTH = Set.of("healthy", "unhealthy", "starting");

    private EventLine() {
    }

    /** {@code fallback} stamps an event that carries no time of its own. */
    static ContainerEvent parse(JsonNode root, Instant fallback) {
        if (!root.isObject()) {
            throw new BadAnswer("an event that is not a JSON object");
        }
        String type = Json.text(root, "Type");
        if (type != null && !type.equals("container")) {
            return null;
        }
        // Action and Actor since API 1.22; status and id before.
        String action = firstOf(Json.text(root, "Action"), Json.text(root, "status"));
        JsonNode actor = Json.object(root, "Actor");
        String id = firstOf(Json.text(actor, "ID"), Json.text(root, "id"));
        if (action == null || id == null || id.isEmpty()) {
            throw new BadAnswer("an event without " + (action == null ? "Action" : "Actor.ID"));
        }
        // "health_status: healthy", "exec_start: /bin/sh -c curl ...": the verb, then its detail.
        int colon = action.indexOf(':');
        String verb = colon < 0 ? action : action.substring(0, colon);
        if (!KEPT.contains(verb)) {
            return null;
        }
        String health = colon < 0 ? null : action.substring(colon + 1).strip();
        if (verb.equals("health_status") && !HEALTH.contains(health)) {
            throw new BadAnswer("a health_status event with the status \"" + health + "\"");
        }
        JsonNode attributes = Json.object(actor, "Attributes");
        return new ContainerEvent(time(root, fallback), id, Json.text(attributes, "name"),
                Json.text(attributes, Inspection.COMPOSE_SERVICE), verb,
                verb.equals("die") ? exitCode(Json.text(attributes, "exitCode")) : null,
                verb.equals("health_status") ? health : null,
                verb.equals("kill") ? Json.text(attributes, "signal") : null);
    }

    private static Instant time(JsonNode root, Instant fallback) {
        JsonNode nanos = root.get("timeNano");
        if (nanos != null && nanos.isIntegralNumber()) {
            long n = nanos.longValue();
            return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
        }
        JsonNode seconds = root.get("time");
        return seconds != null && seconds.isIntegralNumber() ? Instant.ofEpochSecond(seconds.longValue()) : fallback;
    }

    private static Integer exitCode(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw new BadAnswer("a die event with the exit code \"" + text + "\"");
        }
    }

    private static String firstOf(String a, String b) {
        return a != null ? a : b;
    }
}
