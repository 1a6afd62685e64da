package dev.telltale.container;

import dev.telltale.config.TargetAddress;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether an upstream's containers are all known down, asked before every first attempt.
 * Kept per snapshot: a request to a running app pays one map look-up, not a walk over every
 * container. A "down" answer is worked out again each time, as one may run out with time alone
 * (a container asked to stop that ignores it serves again), while an "up" one cannot.
 */
public final class KnownDown {

    private final ContainerView view;
    private volatile Memo memo = new Memo(Containers.NONE, new ConcurrentHashMap<>());

    private record Memo(Containers snapshot, Map<List<TargetAddress>, Boolean> down) {
    }

    public KnownDown(ContainerView view) {
        this.view = view;
    }

    /** The facts of the container that keeps {@code targets} from answering, or null when they may answer. */
    public ContainerFacts check(List<TargetAddress> targets) {
        Containers snapshot = view.current();
        if (!snapshot.connected()) {
            return null;
        }
        Memo current = memo;
        if (current.snapshot() != snapshot) {
            current = new Memo(snapshot, new ConcurrentHashMap<>());
            memo = current;
        }
        Boolean down = current.down().get(targets);
        if (down == null) {
            down = ContainerCauses.knownDown(snapshot, targets, Instant.now()) != null;
            current.down().put(targets, down);
        }
        return down ? ContainerCauses.knownDown(snapshot, targets, Instant.now()) : null;
    }
}
