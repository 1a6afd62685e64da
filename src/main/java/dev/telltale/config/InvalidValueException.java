package dev.telltale.config;

/**
 * A scalar whose text does not fit the type expected there. The reason completes a sentence
 * that starts with the quoted text, e.g. {@code is not a duration (examples: 250ms, 5s, 1m)}.
 */
final class InvalidValueException extends Exception {

    InvalidValueException(String reason) {
        // A wrong value in a file is an expected outcome, not a bug: no stack trace needed.
        super(reason, null, false, false);
    }

    String reason() {
        return getMessage();
    }
}
