package dev.telltale.docker;

/**
 * An answer of the Docker API that is not what its documentation promises: not JSON, a
 * required field missing, a field of the wrong type. Caught where the answer is read and
 * turned into one warning; it never reaches the event loop.
 */
final class BadAnswer extends RuntimeException {

    BadAnswer(String message) {
        super(message, null, false, false);
    }
}
