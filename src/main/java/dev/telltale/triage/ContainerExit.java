package dev.telltale.triage;

import java.time.Instant;

/**
 * One time a container went down, as a failure's cause: killed for memory, exited by itself
 * (a crash, or a clean exit nobody asked for), or stopped by someone.
 *
 * @param exitCode null when not known
 * @param back     when it started again; null while the input shows no start after it (still down)
 */
record ContainerExit(Instant at, Kind kind, Integer exitCode, Instant back) {

    /** In the order a verdict prefers them: an OOM kill explains more than an exit, an exit more than a stop. */
    enum Kind { OOM_KILLED, EXITED, STOPPED }

    /** True when it was down at some time between {@code from} and {@code to}. */
    boolean downDuring(Instant from, Instant to) {
        return !at.isAfter(to) && (back == null || !back.isBefore(from));
    }

    ContainerExit backAt(Instant when) {
        return new ContainerExit(at, kind, exitCode, when);
    }
}
