package dev.telltale.docker;

import dev.telltale.container.Container;
import dev.telltale.container.ContainerStatus;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which container the proxy runs in. Docker sets a container's {@code HOSTNAME} to its 12-character
 * short ID unless Compose's {@code hostname:} overrides it, and then inspection shows that name as
 * {@code Config.Hostname}: the ID prefix is tried first, the recorded host name second.
 */
final class SelfMatch {

    /** Docker's short ID; a shorter host name is no ID and could prefix any container's. */
    private static final int SHORT_ID = 12;

    private final String hostname;
    private final Map<String, String> hostnames = new HashMap<>();

    SelfMatch(String hostname) {
        this.hostname = hostname == null || hostname.isBlank() ? null : hostname.strip();
    }

    void hostname(String id, String containerHostname) {
        if (containerHostname != null) {
            hostnames.put(id, containerHostname);
        }
    }

    void retain(Set<String> ids) {
        hostnames.keySet().retainAll(ids);
    }

    /** The proxy's container among {@code all}, or null when none, or more than one, matches. */
    String find(List<Container> all) {
        if (hostname == null) {
            return null;
        }
        String byName = null;
        int named = 0;
        for (Container c : all) {
            if (c.status() == ContainerStatus.GONE) {
                continue;
            }
            if (hostname.length() >= SHORT_ID && c.id().startsWith(hostname)) {
                return c.id();
            }
            if (hostname.equals(hostnames.get(c.id()))) {
                byName = c.id();
                named++;
            }
        }
        // Containers on the host's network share the host's name: more than one match says nothing.
        return named == 1 ? byName : null;
    }
}
