package dev.telltale.admin;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The latest config reloads and their results, for the status page's timeline; bounded. */
public final class ReloadMarks {

    static final int KEPT = 32;

    public record Reload(Instant at, boolean success) {
    }

    private final Deque<Reload> reloads = new ArrayDeque<>();

    public synchronized void add(boolean success) {
        if (reloads.size() == KEPT) {
            reloads.removeFirst();
        }
        reloads.addLast(new Reload(Instant.now(), success));
    }

    /** Oldest first. */
    synchronized List<Reload> since(Instant from) {
        List<Reload> recent = new ArrayList<>();
        for (Reload reload : reloads) {
            if (!reload.at().isBefore(from)) {
                recent.add(reload);
            }
        }
        return recent;
    }
}
