package dev.telltale.triage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * Reads one access-log line with Jackson's streaming parser, keeping only the fields triage
 * needs (no tree, no per-line maps), so thousands of lines a second cost little. Thread-safe.
 */
final class LineParser {

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * The line's content, or null when it is malformed: not one JSON object, no valid {@code ts},
     * a request without a numeric {@code status}, a health event without {@code to}, a container
     * event without {@code container} or {@code action} (or a health_status without {@code health}).
     * Text before the first '{' is ignored, so {@code docker compose logs} output ("proxy-1  | {...}")
     * reads too.
     */
    LogLine parse(String line) {
        int start = line.indexOf('{');
        if (start < 0) {
            return null;
        }
        try (JsonParser p = JSON.createParser(start == 0 ? line : line.substring(start))) {
            return read(p);
        } catch (IOException | DateTimeException e) {
            return null;
        }
    }

    private static LogLine read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        String ts = null, type = null, route = null, upstream = null, target = null, failure = null;
        String origin = null, from = null, to = null, detail = null, client = null;
        String containerName = null, service = null, action = null, health = null;
        LogLine.ContainerSeen seen = null;
        Integer status = null, exitCode = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "ts" -> ts = text(p, value);
                case "type" -> type = text(p, value);
                case "route" -> route = text(p, value);
                case "upstream" -> upstream = text(p, value);
                case "target" -> target = text(p, value);
                case "failure" -> failure = text(p, value);
                case "origin" -> origin = text(p, value);
                case "client" -> client = text(p, value);
                case "from" -> from = text(p, value);
                case "to" -> to = text(p, value);
                case "detail" -> detail = text(p, value);
                case "service" -> service = text(p, value);
                case "action" -> action = text(p, value);
                case "health" -> health = text(p, value);
                case "status" -> status = integer(p, value, false);
                case "exit_code" -> exitCode = integer(p, value, true);
                // A string on a container event; an object (or null) on a request line.
                case "container" -> {
                    if (value == JsonToken.START_OBJECT) {
                        seen = container(p);
                    } else {
                        containerName = text(p, value);
                    }
                }
                default -> p.skipChildren();
            }
        }
        // A cut-off line ends before END_OBJECT; anything after the object is not one log line.
        if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null || ts == null) {
            return null;
        }
        Instant at = Instant.parse(ts);
        if (type == null) {
            return status == null || containerName != null ? null
                    : new LogLine.Request(at, route, upstream, target, status, failure, origin, seen, client);
        }
        if (type.equals("health")) {
            return to == null ? null : new LogLine.Health(at, upstream, target, from, to, failure, detail);
        }
        if (type.equals("container")) {
            boolean complete = containerName != null && action != null
                    && (health != null || !action.equals("health_status"));
            return complete ? new LogLine.ContainerLine(at, containerName, service, action, exitCode, health) : null;
        }
        return new LogLine.OtherEvent(at, type);
    }

    /** The request line's {@code container} object; the parser stands on its START_OBJECT. */
    private static LogLine.ContainerSeen container(JsonParser p) throws IOException {
        String name = null, service = null, state = null, since = null, cause = null;
        Integer exitCode = null;
        boolean oomKilled = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "name" -> name = text(p, value);
                case "service" -> service = text(p, value);
                case "state" -> state = text(p, value);
                case "since" -> since = text(p, value);
                case "cause" -> cause = text(p, value);
                case "exit_code" -> exitCode = integer(p, value, true);
                case "oom_killed" -> {
                    if (!value.isBoolean()) {
                        throw new JsonParseException(p, "oom_killed is not a boolean");
                    }
                    oomKilled = value == JsonToken.VALUE_TRUE;
                }
                default -> p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT || name == null) {
            throw new JsonParseException(p, "a container object without a name");
        }
        return new LogLine.ContainerSeen(name, service, state, exitCode, oomKilled,
                since == null ? null : Instant.parse(since), cause);
    }

    private static Integer integer(JsonParser p, JsonToken value, boolean nullable) throws IOException {
        if (value == JsonToken.VALUE_NULL && nullable) {
            return null;
        }
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new JsonParseException(p, "expected an integer");
        }
        return p.getIntValue();
    }

    private static String text(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        // A field of the log's own vocabulary with another JSON type: not a line this proxy wrote.
        throw new JsonParseException(p, "expected a string or null");
    }
}
