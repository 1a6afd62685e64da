package dev.telltale.container;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the container source knows at one instant: immutable, replaced whole on each
 * change, so an event loop reads it without a lock.
 *
 * @param connected false while the Docker API cannot be reached: the list is then the last one known,
 *                  and nothing is concluded from it
 * @param selfId    the ID of the container the proxy itself runs in, null when it runs on the host
 */
public record Containers(boolean connected, List<Container> all, String selfId, Instant asOf) {

    /** No source: nothing is known. */
    public static final Containers NONE = new Containers(false, List.of(), null, Instant.EPOCH);

    public Containers {
        all = all == null ? List.of() : List.copyOf(all);
    }

    public Optional<Container> self() {
        if (selfId == null) {
            return Optional.empty();
        }
        return all.stream().filter(c -> c.id().equals(selfId)).findFirst();
    }

    public Optional<Container> byId(String id) {
        return all.stream().filter(c -> c.id().equals(id)).findFirst();
    }
}
