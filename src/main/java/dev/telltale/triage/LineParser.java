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
     * a request without a numeric {@code status}, a health event without {@code to}. Text before
     * the first '{' is ignored, so {@code docker compose logs} output ("proxy-1  | {...}") reads too.
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
        String origin = null, from = null, to = null, detail = null;
        Integer status = null;
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
                case "from" -> from = text(p, value);
                case "to" -> to = text(p, value);
                case "detail" -> detail = text(p, value);
                case "status" -> {
                    if (value != JsonToken.VALUE_NUMBER_INT) {
                        throw new JsonParseException(p, "status is not a number");
                    }
                    status = p.getIntValue();
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
            return status == null ? null : new LogLine.Request(at, route, upstream, target, status, failure, origin);
        }
        if (type.equals("health")) {
            return to == null ? null : new LogLine.Health(at, upstream, target, from, to, failure, detail);
        }
        return new LogLine.OtherEvent(at, type);
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
