package dev.telltale.upstream;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A target's latest health transitions, for the status page's timeline. Bounded: a target that
 * flaps keeps only its last {@link #KEPT}. Transitions are rare, so a lock is fine here; none is
 * taken on an event loop's request path.
 */
public final class HealthChanges {

    static final int KEPT = 32;

    /** {@code up}: back in rotation; else taken out, with the class that did it (null for a manual reason). */
    public record Change(Instant at, boolean up, String failure) {
    }

    private final Deque<Change> changes = new ArrayDeque<>();

    synchronized void add(Change change) {
        if (changes.size() == KEPT) {
            changes.removeFirst();
        }
        changes.addLast(change);
    }

    /** Oldest first. */
    public synchronized List<Change> since(Instant from) {
        List<Change> recent = new ArrayList<>();
        for (Change change : changes) {
            if (!change.at().isBefore(from)) {
                recent.add(change);
            }
        }
        return recent;
    }
}
