package dev.telltale.triage;

import java.time.Instant;
import java.util.Map;

/**
 * One UTC minute of the failure timeline.
 *
 * @param requests all requests that began in that minute, failed or not
 * @param failed   the failed ones among them
 * @param byClass  failed requests by class (or "status 5xx" label), in name order
 */
public record Minute(Instant start, long requests, long failed, Map<String, Long> byClass) {
}
