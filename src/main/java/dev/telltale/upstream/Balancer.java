package dev.telltale.upstream;

import dev.telltale.config.Balance;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Chooses the target for the next attempt, skipping targets an earlier attempt already failed on. */
interface Balancer {

    /** Returns a target not in {@code exclude} if there is one, else any target. */
    Target pick(List<Target> targets, Set<Target> exclude);

    static Balancer of(Balance balance) {
        return switch (balance) {
            case ROUND_ROBIN -> new RoundRobin();
            case LEAST_REQUEST -> new LeastRequest();
        };
    }

    final class RoundRobin implements Balancer {
        private final AtomicInteger next = new AtomicInteger();

        @Override
        public Target pick(List<Target> targets, Set<Target> exclude) {
            // A retry looks onward from the rotation without advancing it, so a dead target does
            // not end up first in line for every other request.
            int turn = exclude.isEmpty() ? next.getAndIncrement() : next.get();
            int start = Math.floorMod(turn, targets.size());
            for (int i = 0; i < targets.size(); i++) {
                Target candidate = targets.get((start + i) % targets.size());
                if (!exclude.contains(candidate)) {
                    return candidate;
                }
            }
            return targets.get(start);
        }
    }

    /** Fewest requests in flight; ties broken by rotation so equal targets share the load. */
    final class LeastRequest implements Balancer {
        private final AtomicInteger rotation = new AtomicInteger();

        @Override
        public Target pick(List<Target> targets, Set<Target> exclude) {
            int start = Math.floorMod(rotation.getAndIncrement(), targets.size());
            Target best = null;
            for (int i = 0; i < targets.size(); i++) {
                Target candidate = targets.get((start + i) % targets.size());
                if (exclude.contains(candidate)) {
                    continue;
                }
                if (best == null || candidate.inFlight() < best.inFlight()) {
                    best = candidate;
                }
            }
            return best != null ? best : targets.get(start);
        }
    }
}
