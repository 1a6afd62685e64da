package dev.telltale.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSIX signals for a server: TERM and INT to drain and stop (exit 0, as an orchestrator
 * expects), HUP to reload, USR1 to reopen the access log. Uses the JDK's signal API, which has no public replacement.
 */
final class Signals {

    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    /** Runs {@code action} on its own thread for each {@code name} signal; false if not supported here. */
    static boolean on(String name, Runnable action) {
        try {
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                Thread worker = new Thread(action, "telltale-sig" + name.toLowerCase(java.util.Locale.ROOT));
                worker.setDaemon(true);
                worker.start();
            });
            if (previous == sun.misc.SignalHandler.SIG_IGN) {
                // The JVM keeps a signal that was ignored when it started ignored: nohup does that to
                // HUP, and a shell to INT for a background job (which needs no warning).
                if (!name.equals("INT")) {
                    LOG.warn("signal {} was ignored when the proxy started (nohup?) and stays ignored{}", name,
                            name.equals("HUP") ? "; reload with watch: true in the config instead" : "");
                }
                return false;
            }
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.warn("signal {} cannot be handled here: {}", name, e.getMessage());
            return false;
        }
    }
}
