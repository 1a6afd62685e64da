package dev.telltale.health;

import dev.telltale.failure.Failure;

/**
 * How one health check ended: healthy, or why not ({@code failure} null for an unhealthy answer).
 * {@code status} is the answer's status code, 0 when there was no answer.
 */
record ProbeResult(boolean healthy, Failure failure, String detail, int status) {

    static ProbeResult ok(int status) {
        return new ProbeResult(true, null, null, status);
    }

    static ProbeResult failed(Failure failure, String detail) {
        return new ProbeResult(false, failure, detail, 0);
    }
}
