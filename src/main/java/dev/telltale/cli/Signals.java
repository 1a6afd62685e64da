package dev.telltale.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSIX signals for a server: TERM and INT to drain and stop (exit 0, as an orchestrator
 * expects), HUP to reload. Uses the JDK's signal API, which has no public replacement.
 */
final class Signals {

    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    /** Runs {@code action} on its own thread for each {@code name} signal; false if not supported here. */
    static boolean on(String name, Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                Thread worker = new Thread(action, "telltale-sig" + name.toLowerCase(java.util.Locale.ROOT));
                worker.setDaemon(true);
                worker.start();
            });
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.warn("signal {} cannot be handled here: {}", name, e.getMessage());
            return false;
        }
    }
}
