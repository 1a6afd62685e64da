package dev.telltale.container;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Containers as Docker would report them, built field by field for tests. */
public final class SampleContainers {

    public static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    private final Instant now;
    private String id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private String name = "shop-app-1";
    private String image = "shop:1.4";
    private String project = "shop";
    private String service = "app";
    private ContainerStatus status = ContainerStatus.RUNNING;
    private int exitCode;
    private boolean oomKilled;
    private Instant startedAt;
    private Instant finishedAt;
    private final List<Instant> restarts = new ArrayList<>();
    private String health;
    private String healthOutput;
    private final List<NetworkEndpoint> networks = new ArrayList<>();
    private final List<PublishedPort> published = new ArrayList<>();
    private List<Integer> exposed = List.of();
    private boolean stopRequested;
    private final List<ContainerEvent> events = new ArrayList<>();
    private String restartPolicy = "no";

    private SampleContainers(Instant now) {
        this.now = now;
        this.startedAt = now.minusSeconds(3600);
        networks.add(new NetworkEndpoint("shop_default", "172.18.0.3", List.of("app", "shop-app-1")));
    }

    /** Times relative to {@link #NOW}. */
    public static SampleContainers app() {
        return new SampleContainers(NOW);
    }

    /** Times relative to {@code now}: for a proxy that reads the clock itself. */
    public static SampleContainers appAt(Instant now) {
        return new SampleContainers(now);
    }

    public SampleContainers id(String v) { id = v; return this; }
    public SampleContainers name(String v) { name = v; return this; }
    public SampleContainers project(String v) { project = v; return this; }
    public SampleContainers service(String v) { service = v; return this; }
    public SampleContainers health(String v) { health = v; return this; }
    public SampleContainers healthOutput(String v) { healthOutput = v; return this; }
    public SampleContainers exposed(Integer... ports) { exposed = List.of(ports); return this; }
    public SampleContainers startedSecondsAgo(long s) { startedAt = now.minusSeconds(s); return this; }

    public SampleContainers network(String network, String ip, String... aliases) {
        networks.clear();
        networks.add(new NetworkEndpoint(network, ip, List.of(aliases)));
        return this;
    }

    public SampleContainers publish(String hostIp, int hostPort, int containerPort) {
        published.add(new PublishedPort(hostIp, hostPort, containerPort));
        return this;
    }

    /** Exited {@code secondsAgo} with {@code code}; {@code stopped} when someone stopped it. */
    public SampleContainers exited(int code, long secondsAgo, boolean stopped) {
        status = ContainerStatus.EXITED;
        exitCode = code;
        finishedAt = now.minusSeconds(secondsAgo);
        stopRequested = stopped;
        return this;
    }

    public SampleContainers oomKilled(long secondsAgo) {
        exited(137, secondsAgo, false);
        oomKilled = true;
        return this;
    }

    public SampleContainers restarting(int code, long secondsAgo, int restartsIn15m) {
        exited(code, secondsAgo, false);
        status = ContainerStatus.RESTARTING;
        for (int i = 0; i < restartsIn15m; i++) {
            restarts.add(now.minusSeconds(60L * (i + 1)));
        }
        return this;
    }

    public SampleContainers status(ContainerStatus v) { status = v; return this; }

    /** Still running, {@code secondsAgo} after Docker sent it {@code signal} to stop it. */
    public SampleContainers stopAsked(String signal, long secondsAgo) {
        stopRequested = true;
        events.add(new ContainerEvent(now.minusSeconds(secondsAgo), id, name, service, "kill", null, null, signal));
        return this;
    }

    public SampleContainers restartPolicy(String v) { restartPolicy = v; return this; }

    public Container build() {
        return new Container(id, name, image, project, service, status, exitCode, oomKilled, startedAt, finishedAt,
                restarts.size(), restarts, health, healthOutput, networks, published, exposed, stopRequested,
                status == ContainerStatus.GONE ? now.minusSeconds(4) : null, events, restartPolicy);
    }

    /** A connected snapshot of {@code containers}, the proxy on the host. */
    public static Containers snapshot(Container... containers) {
        return new Containers(true, List.of(containers), null, NOW);
    }

    /** The same, the proxy in the container {@code selfId}. */
    public static Containers snapshotFrom(String selfId, Container... containers) {
        return new Containers(true, List.of(containers), selfId, NOW);
    }
}
