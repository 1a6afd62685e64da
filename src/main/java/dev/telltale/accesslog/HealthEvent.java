package dev.telltale.accesslog;

import java.time.Instant;

/**
 * A target changing health, logged in the same stream as requests (with {@code "type":"health"})
 * so that an app's restart or crash loop reads as a timeline next to the failures it caused.
 *
 * @param from    {@code up} or {@code down}
 * @param to      {@code up} or {@code down}
 * @param failure the failure class that took the target down, null when coming back up or
 *                when a health check got an unhealthy answer rather than a failure
 */
public record HealthEvent(Instant ts, String upstream, String target, String from, String to, String failure,
                          String detail, String reason) {
}
