package dev.telltale.container;

import java.util.Locale;

/** A container's status as the Docker Engine API names it, plus {@code gone} for one that was removed. */
public enum ContainerStatus {
    CREATED, RUNNING, RESTARTING, PAUSED, EXITED, DEAD, REMOVING, GONE;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The name in the API, the log and the page, e.g. {@code exited}. */
    public String wireName() {
        return wireName;
    }

    /** True when no request can reach the app in it now, nor until Docker or someone starts it. */
    public boolean down() {
        return this == EXITED || this == DEAD || this == PAUSED || this == REMOVING || this == GONE
                || this == CREATED;
    }

    /** The API's {@code State.Status}; an unknown word is null, not a guess. */
    public static ContainerStatus parse(String status) {
        if (status == null) {
            return null;
        }
        for (ContainerStatus s : values()) {
            if (s.wireName.equals(status)) {
                return s;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
