package dev.telltale.docker;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reading the API's JSON field by field: an absent or null field is null (or false, or the
 * default), a field of the wrong type is a {@link BadAnswer} naming it.
 */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static JsonNode parse(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new BadAnswer("an empty body");
            }
            return node;
        } catch (JacksonException e) {
            throw new BadAnswer("not JSON: " + start(body));
        } catch (IOException e) {
            throw new BadAnswer("unreadable: " + e.getMessage());
        }
    }

    /** The start of a body that is not JSON, on one line: enough to see that it is an HTML page or a stack trace. */
    private static String start(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip()
                .replaceAll("\\s+", " ");
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    static JsonNode parse(String line) {
        return parse(line.getBytes(StandardCharsets.UTF_8));
    }

    static String text(JsonNode parent, String field) {
        JsonNode value = present(parent, field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(field, value, "a string");
        }
        return value.textValue();
    }

    static int integer(JsonNode parent, String field, int absent) {
        JsonNode value = present(parent, field);
        if (value == null) {
            return absent;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw wrongType(field, value, "a whole number");
        }
        return value.intValue();
    }

    static boolean bool(JsonNode parent, String field) {
        JsonNode value = present(parent, field);
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            throw wrongType(field, value, "true or false");
        }
        return value.booleanValue();
    }

    static JsonNode object(JsonNode parent, String field) {
        JsonNode value = present(parent, field);
        if (value != null && !value.isObject()) {
            throw wrongType(field, value, "an object");
        }
        return value;
    }

    static JsonNode array(JsonNode parent, String field) {
        JsonNode value = present(parent, field);
        if (value != null && !value.isArray()) {
            throw wrongType(field, value, "an array");
        }
        return value;
    }

    private static JsonNode present(JsonNode parent, String field) {
        if (parent == null) {
            return null;
        }
        JsonNode value = parent.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private static BadAnswer wrongType(String field, JsonNode value, String expected) {
        String shown = value.toString();
        return new BadAnswer(field + " is " + (shown.length() > 40 ? shown.substring(0, 37) + "..." : shown)
                + ", not " + expected);
    }
}
