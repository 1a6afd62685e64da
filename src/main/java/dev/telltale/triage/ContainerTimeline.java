package dev.telltale.triage;

import java.time.Instant;
import java.util.Map;

/**
 * What the container events of one container say, for the summary.
 *
 * @param service       the Compose service, null outside Compose
 * @param events        every event of it, with the first and last time
 * @param dies          its exits, whatever the cause; {@code exitCodes} counts them by code (an unknown code is -1)
 * @param restarts      starts after an exit
 * @param stops         exits that followed a kill or stop: someone stopped it
 * @param healthChanges health_status events that changed its health; {@code health} is the last one
 */
public record ContainerTimeline(String name, String service, Count events, Count oomKills, Count dies,
                                Map<Integer, Long> exitCodes, Count restarts, Count stops, Count healthChanges,
                                String health) {

    /** How often, and when first and last; the times are null when it never happened. */
    public record Count(long count, Instant first, Instant last) {

        static Count of(Span span) {
            return new Count(span.count(), span.first(), span.last());
        }
    }
}
