package dev.telltale.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.container.ContainerEvent;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

import java.net.URLEncoder;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One connection to the daemon, from the ping to the end of its events stream: check that it is
 * Docker and new enough, open the events stream first (so nothing that happens during the sync
 * is missed), list and inspect every container, then follow the stream. It ends failed (before
 * the sync) or lost (after); the {@link Reconnector} then starts the next one.
 */
final class Attempt implements EventStreamHandler.Listener {

    /** What an attempt reports, each on the docker event loop. */
    interface Outcome {
        void synced(Attempt attempt, int containers);

        /** @param tooOld the daemon is too old: retry slowly, it will not change soon */
        void failed(Attempt attempt, String problem, boolean tooOld);

        void lost(Attempt attempt);

        void changed(Attempt attempt);

        void event(Attempt attempt, ContainerEvent event);
    }

    private static final String CONTAINERS_ONLY = URLEncoder.encode("{\"type\":[\"container\"]}",
            StandardCharsets.UTF_8);

    private final DockerApi api;
    private final ContainerStates states;
    private final Clock clock;
    private final Warnings warnings;
    private final Outcome outcome;
    private ApiVersion version;
    private String prefix = "";
    private String eventsPath;
    private Channel events;
    /** Events that came before the list: applied after it, so the list cannot undo them. */
    private List<ContainerEvent> early = new ArrayList<>();
    private Inspections inspections;
    private Set<String> unsynced;
    private int listed;
    private boolean synced;
    private boolean over;

    Attempt(DockerApi api, ContainerStates states, Clock clock, Warnings warnings, Outcome outcome) {
        this.api = api;
        this.states = states;
        this.clock = clock;
        this.warnings = warnings;
        this.outcome = outcome;
    }

    void run() {
        ask("/_ping", DockerApi.MAX_ANSWER, pong -> ask("/version", DockerApi.MAX_ANSWER, this::versioned));
    }

    /** Ends it: closes the stream, drops whatever answers are still on their way. */
    void stop() {
        over = true;
        if (inspections != null) {
            inspections.stop();
        }
        if (events != null) {
            events.close();
        }
    }

    ApiVersion version() {
        return version;
    }

    private void ask(String path, int maxBytes, Consumer<Answer> next) {
        api.get(path, maxBytes).whenComplete((answer, failure) -> {
            if (over) {
                return;
            }
            if (failure != null) {
                fail(Problem.unreachable(api.endpoint(), failure), false);
            } else if (!answer.ok()) {
                fail(Problem.answered(path, answer), false);
            } else {
                try {
                    next.accept(answer);
                } catch (BadAnswer bad) {
                    fail(Problem.malformed(path, bad), false);
                } catch (RuntimeException e) {
                    fail("cannot read the answer to GET " + Problem.withoutVersion(path) + ": " + e, false);
                }
            }
        });
    }

    private void versioned(Answer answer) {
        JsonNode root = answer.json();
        ApiVersion daemon = ApiVersion.newest(root);
        version = ApiVersion.choose(daemon, ApiVersion.parse(Json.text(root, "MinAPIVersion")));
        if (version == null) {
            fail(Problem.tooOld(daemon.toString()), true);
            return;
        }
        prefix = version.prefix();
        eventsPath = eventsPath(prefix, clock.instant());
        ChannelFuture opening = api.follow(eventsPath, this);
        events = opening.channel();
        opening.addListener(connected -> {
            if (!connected.isSuccess() && !over) {
                fail(Problem.unreachable(api.endpoint(), connected.cause()), false);
            }
        });
    }

    /** Container events only, from now: the stream is open before the list, so nothing falls between. */
    private static String eventsPath(String prefix, Instant since) {
        return prefix + "/events?since=" + since.getEpochSecond() + "." + String.format(Locale.ROOT, "%09d",
                since.getNano()) + "&filters=" + CONTAINERS_ONLY;
    }

    @Override
    public void opened() {
        if (!over) {
            ask(prefix + "/containers/json?all=1", DockerApi.MAX_LIST, this::listed);
        }
    }

    @Override
    public void refused(Answer answer) {
        if (!over) {
            fail(Problem.answered(eventsPath, answer), false);
        }
    }

    @Override
    public void line(String line) {
        if (over) {
            return;
        }
        ContainerEvent event;
        try {
            event = EventLine.parse(Json.parse(line), clock.instant());
        } catch (BadAnswer bad) {
            warnings.warn("event", "skipped an event of the Docker API: " + bad.getMessage());
            return;
        }
        if (event != null && early != null) {
            early.add(event);
        } else if (event != null) {
            handle(event);
        }
    }

    @Override
    public void lineTooLong() {
        warnings.warn("event", "skipped an event of the Docker API longer than "
                + EventStreamHandler.MAX_LINE / 1024 + " KiB");
    }

    @Override
    public void closed(Throwable cause) {
        if (over) {
            return;
        }
        if (synced) {
            stop();
            outcome.lost(this);
        } else {
            fail(Problem.unreachable(api.endpoint(), cause != null ? cause : new ClosedChannelException()), false);
        }
    }

    private void listed(Answer answer) {
        JsonNode list = answer.json();
        if (!list.isArray()) {
            throw new BadAnswer("not a JSON array");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode item : list) {
            String id = Json.text(item, "Id");
            if (id == null || id.isEmpty()) {
                throw new BadAnswer("a container without Id");
            }
            ids.add(id);
        }
        listed = ids.size();
        states.listed(ids);
        inspections = new Inspections(api, prefix, states, warnings, this::settled);
        unsynced = new HashSet<>(ids);
        List<ContainerEvent> replay = early;
        early = null;
        replay.forEach(this::handle);
        ids.forEach(inspections::request);
        if (unsynced.isEmpty()) {
            finish();
        }
    }

    private void handle(ContainerEvent event) {
        boolean inspect = states.apply(event);
        if (synced) {
            // Published first: a listener that acts on the event (a held request retrying) reads the new state.
            outcome.changed(this);
        }
        outcome.event(this, event);
        if (inspect) {
            inspections.request(event.id());
        }
    }

    private void settled(String id, boolean changed) {
        if (over) {
            return;
        }
        if (synced) {
            if (changed) {
                outcome.changed(this);
            }
        } else if (unsynced.remove(id) && unsynced.isEmpty()) {
            finish();
        }
    }

    private void finish() {
        if (!synced && !over) {
            synced = true;
            outcome.synced(this, listed);
        }
    }

    private void fail(String problem, boolean tooOld) {
        if (!over) {
            stop();
            outcome.failed(this, problem, tooOld);
        }
    }
}
