package dev.telltale.docker;

import dev.telltale.container.ContainerEvent;
import dev.telltale.container.Containers;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps the proxy connected to the daemon: one {@link Attempt} after another with a backoff,
 * the snapshot published after each change, and few log lines: one warning when the daemon
 * cannot be read (again only when the reason changes), one line when it is back. Its fields
 * are touched on the docker event loop only, except the three the source reads.
 */
final class Reconnector implements Attempt.Outcome {

    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration MAX_RETRY = Duration.ofSeconds(10);
    /** A daemon too old will not be upgraded in seconds. */
    private static final Duration TOO_OLD_RETRY = Duration.ofMinutes(1);
    private static final Duration PRUNE_EVERY = Duration.ofSeconds(30);

    private final DockerApi api;
    private final EventLoop loop;
    private final ContainerStates states;
    private final Clock clock;
    private final Logger log;
    private final Warnings warnings;
    private final Consumer<ContainerEvent> events;
    private final Backoff backoff = new Backoff(FIRST_RETRY, MAX_RETRY);

    volatile Containers current;
    volatile String problem;
    final CountDownLatch firstSync = new CountDownLatch(1);

    private Attempt attempt;
    private ScheduledFuture<?> retry;
    private boolean connected;
    private boolean stopped;
    private boolean everSynced;
    /** The stream closed after a sync. A socket proxy's idle timeout does that: told only if reconnecting fails. */
    private boolean lost;
    /** The problem last warned of; null since the last sync. */
    private String warned;

    Reconnector(DockerApi api, EventLoop loop, ContainerStates states, Clock clock, Logger log,
                Consumer<ContainerEvent> events) {
        this.api = api;
        this.loop = loop;
        this.states = states;
        this.clock = clock;
        this.log = log;
        this.warnings = new Warnings(log, clock);
        this.events = events;
        this.current = new Containers(false, List.of(), null, clock.instant());
    }

    /** On the loop. */
    void start() {
        loop.scheduleAtFixedRate(() -> {
            if (states.prune()) {
                publish();
            }
        }, PRUNE_EVERY.toMillis(), PRUNE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        connect();
    }

    /** On the loop. */
    void stop() {
        stopped = true;
        connected = false;
        if (attempt != null) {
            attempt.stop();
        }
        if (retry != null) {
            retry.cancel(false);
        }
        publish();
    }

    private void connect() {
        retry = null;
        if (!stopped) {
            attempt = new Attempt(api, states, clock, warnings, this);
            attempt.run();
        }
    }

    private void retryIn(Duration wait) {
        if (!stopped) {
            retry = loop.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void synced(Attempt done, int containers) {
        if (done != attempt || stopped) {
            return;
        }
        String detail = "(API " + done.version() + ", " + containers
                + (containers == 1 ? " container)" : " containers)");
        if (!everSynced) {
            log.info("reading the Docker API at {} {}", api.endpoint(), detail);
        } else if (warned != null) {
            log.info("the Docker API at {} is back {}", api.endpoint(), detail);
        } else {
            log.debug("reconnected to the Docker API at {} {}", api.endpoint(), detail);
        }
        backoff.reset();
        warned = null;
        lost = false;
        everSynced = true;
        // The log line first, then what others read: whoever sees the change sees the line too.
        connected = true;
        problem = null;
        publish();
        firstSync.countDown();
    }

    @Override
    public void failed(Attempt done, String why, boolean tooOld) {
        if (done != attempt || stopped) {
            return;
        }
        if (lost) {
            log.warn("lost the Docker API at {}; retrying ({})", api.endpoint(), why);
        } else if (!why.equals(warned)) {
            log.warn("{}; retrying", why);
        }
        lost = false;
        warned = why;
        problem = why;
        retryIn(tooOld ? TOO_OLD_RETRY : backoff.next());
    }

    @Override
    public void lost(Attempt done) {
        if (done != attempt || stopped) {
            return;
        }
        connected = false;
        lost = true;
        problem = "lost the Docker API at " + api.endpoint() + "; reconnecting";
        publish();
        retryIn(backoff.next());
    }

    @Override
    public void changed(Attempt done) {
        if (done == attempt && !stopped) {
            publish();
        }
    }

    @Override
    public void event(Attempt done, ContainerEvent event) {
        if (done != attempt || stopped) {
            return;
        }
        try {
            events.accept(event);
        } catch (RuntimeException e) {
            warnings.warn("consumer", "a container event listener failed: " + e);
        }
    }

    private void publish() {
        current = states.snapshot(connected);
    }
}
