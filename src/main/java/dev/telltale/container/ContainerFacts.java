package dev.telltale.container;

import java.time.Instant;

/**
 * What a failed request's log line, incident and page say of the app's container: the facts
 * Docker recorded and, when they explain the failure, the cause in words.
 *
 * @param state        a {@link ContainerStatus} name
 * @param exitCode     the last exit code; null while it never exited
 * @param restarts15m  restarts within the last 15 minutes
 * @param health       {@code starting}, {@code healthy}, {@code unhealthy}; null without a health check
 * @param since        when the current state began
 * @param healthOutput the last health check's output, shortened; shown at full detail only
 * @param cause        the likely cause, or null when the container's state does not explain the failure
 */
public record ContainerFacts(String name, String service, String state, Integer exitCode, boolean oomKilled,
                             int restarts15m, String health, Instant since, String image, String healthOutput,
                             Cause cause) {

    /**
     * The cause in four forms: a sentence at full detail (names the container) and at safe detail
     * (state and cause words only), and the same in short for the {@code Proxy-Status} header.
     *
     * @param comingBack the container is restarting or starting: the client should retry soon
     */
    public record Cause(String full, String safe, String shortFull, String shortSafe, boolean comingBack) {
    }

    public boolean explains() {
        return cause != null;
    }
}
