package dev.telltale.admin;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** Escapes text for a JSON string value. */
final class JsonText {

    private JsonText() {
    }

    static String escape(String text) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(text));
    }
}
