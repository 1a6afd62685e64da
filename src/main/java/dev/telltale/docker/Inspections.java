package dev.telltale.docker;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Inspects containers, at most one request per container at a time and a few at once (a host
 * with hundreds of containers must not open hundreds of connections to the daemon or to a
 * socket proxy). An event that comes while one is on its way makes its answer stale: the answer
 * is dropped and the container inspected again, so an older answer never overwrites what a
 * newer event said.
 */
final class Inspections {

    static final int AT_ONCE = 8;

    /** Told once per container when its inspection ended with no other one pending. */
    interface Settled {
        void settled(String id, boolean changed);
    }

    private final DockerApi api;
    private final String prefix;
    private final ContainerStates states;
    private final Warnings warnings;
    private final Settled settled;
    private final Set<String> inFlight = new HashSet<>();
    private final Set<String> stale = new HashSet<>();
    private final Set<String> waiting = new LinkedHashSet<>();
    private boolean stopped;

    Inspections(DockerApi api, String prefix, ContainerStates states, Warnings warnings, Settled settled) {
        this.api = api;
        this.prefix = prefix;
        this.states = states;
        this.warnings = warnings;
        this.settled = settled;
    }

    void request(String id) {
        if (stopped) {
            return;
        }
        if (inFlight.contains(id)) {
            stale.add(id);
        } else if (inFlight.size() >= AT_ONCE) {
            waiting.add(id);
        } else {
            send(id);
        }
    }

    private void send(String id) {
        inFlight.add(id);
        String path = prefix + "/containers/" + id + "/json";
        api.get(path, DockerApi.MAX_ANSWER).whenComplete((answer, failure) -> {
            inFlight.remove(id);
            if (stopped) {
                return;
            }
            if (stale.remove(id)) {
                send(id);
                return;
            }
            boolean changed = false;
            try {
                changed = apply(id, path, answer, failure);
            } catch (RuntimeException e) {
                warnings.warn("inspect", "cannot read the inspection of container " + id + ": " + e);
            }
            settled.settled(id, changed);
            next();
        });
    }

    private void next() {
        Iterator<String> it = waiting.iterator();
        if (it.hasNext() && !stopped) {
            String id = it.next();
            it.remove();
            request(id);
        }
    }

    /** Answers still on their way are dropped: they belong to a connection that is over. */
    void stop() {
        stopped = true;
    }

    private boolean apply(String id, String path, Answer answer, Throwable failure) {
        if (failure != null) {
            warnings.warn("inspect-failed", "cannot inspect container " + id + ": " + failure);
            return false;
        }
        if (answer.status() == 404) {
            states.notFound(id);
            return true;
        }
        if (!answer.ok()) {
            warnings.warn("inspect", Problem.answered(path, answer));
            return false;
        }
        try {
            states.inspected(Inspection.parse(answer.json()));
            return true;
        } catch (BadAnswer bad) {
            warnings.warn("inspect", Problem.malformed(path, bad) + " (container " + id + ")");
            return false;
        }
    }
}
