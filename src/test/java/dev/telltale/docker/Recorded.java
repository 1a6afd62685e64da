package dev.telltale.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Answers recorded from a Docker 27 daemon running a Compose project (test resources), and
 * small edits of them: each call gives a fresh copy.
 */
final class Recorded {

    static final String APP = "4f9c2b1a7d3e8f6051c2a9b8e7d6c5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8";
    static final String WORKER = "b7e3d1f5a9c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3";
    static final String API = "2c4e6a8b0d1f3e5c7a9b1d3f5e7c9a1b3d5f7e9c1a3b5d7f9e1c3a5b7d9f1e3c";
    static final String DB = "9a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c3d5e7f9a1b";
    static final String PROXY = "e5f7a9b1c3d5e7f9a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f7";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Recorded() {
    }

    /** {@code app-healthy}, {@code worker-oom-killed}, {@code api-restarting}, {@code db-unhealthy}, {@code proxy}. */
    static ObjectNode inspect(String name) {
        return (ObjectNode) json("inspect-" + name + ".json");
    }

    static JsonNode json(String resource) {
        try {
            return MAPPER.readTree(text(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String resource) {
        try (InputStream in = Recorded.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of {@code events.jsonl}: a health check's exec events, an OOM kill, a stop, a start, a removal. */
    static List<String> events() {
        return text("events.jsonl").lines().toList();
    }

    /** {@code inspection} with {@code State} replaced: as Docker would answer after the container changed. */
    static ObjectNode withState(ObjectNode inspection, String status, int exitCode, boolean oomKilled,
                                Instant startedAt, Instant finishedAt) {
        ObjectNode copy = inspection.deepCopy();
        ObjectNode state = (ObjectNode) copy.get("State");
        state.put("Status", status)
                .put("Running", status.equals("running") || status.equals("restarting"))
                .put("Restarting", status.equals("restarting"))
                .put("ExitCode", exitCode)
                .put("OOMKilled", oomKilled)
                .put("StartedAt", startedAt == null ? "0001-01-01T00:00:00Z" : startedAt.toString())
                .put("FinishedAt", finishedAt == null ? "0001-01-01T00:00:00Z" : finishedAt.toString());
        return copy;
    }

    /** One event line as the daemon writes it. */
    static String event(String id, String name, String action, Instant at, String... attributes) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("Type", "container").put("Action", action);
        ObjectNode actor = event.putObject("Actor");
        actor.put("ID", id);
        ObjectNode attrs = actor.putObject("Attributes");
        attrs.put("com.docker.compose.project", "shop").put("name", name).put("image", "shop:1.4");
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            attrs.put(attributes[i], attributes[i + 1]);
        }
        long nanos = at.getEpochSecond() * 1_000_000_000L + at.getNano();
        event.put("scope", "local").put("time", at.getEpochSecond()).put("timeNano", nanos);
        return event.toString();
    }
}
