package dev.telltale.triage;

import dev.telltale.failure.Failure;

import java.util.HashMap;
import java.util.Map;

/** Failure classes by the name the log uses. */
final class FailureNames {

    private static final Map<String, Failure> BY_NAME = new HashMap<>();

    static {
        for (Failure failure : Failure.values()) {
            BY_NAME.put(failure.wireName(), failure);
        }
    }

    private FailureNames() {
    }

    /** Null for a name this version does not know (a newer proxy's, or a typo in a hand-made line). */
    static Failure of(String wireName) {
        return wireName == null ? null : BY_NAME.get(wireName);
    }
}
