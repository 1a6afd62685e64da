package dev.telltale.container;

import java.time.Instant;

/**
 * One thing Docker said happened to a container, as the timeline keeps it: {@code create},
 * {@code start}, {@code die}, {@code oom}, {@code kill}, {@code stop}, {@code restart},
 * {@code pause}, {@code unpause}, {@code rename}, {@code destroy} or {@code health_status}.
 *
 * @param exitCode the exit code of a {@code die}, else null
 * @param health   the new status of a {@code health_status} ({@code healthy}, {@code unhealthy}, {@code starting})
 * @param signal   the signal of a {@code kill}, e.g. {@code 15}
 */
public record ContainerEvent(Instant ts, String id, String name, String service, String action, Integer exitCode,
                             String health, String signal) {

    public boolean is(String what) {
        return what.equals(action);
    }
}
