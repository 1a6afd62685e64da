package dev.telltale.health;

import dev.telltale.failure.Failure;

/** How one health check ended: healthy, or why not ({@code failure} null for an unhealthy answer). */
record ProbeResult(boolean healthy, Failure failure, String detail) {

    static ProbeResult ok() {
        return new ProbeResult(true, null, null);
    }

    static ProbeResult failed(Failure failure, String detail) {
        return new ProbeResult(false, failure, detail);
    }
}
