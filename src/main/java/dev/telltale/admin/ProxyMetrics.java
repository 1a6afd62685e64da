package dev.telltale.admin;

import dev.telltale.accesslog.AccessLog;
import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.accesslog.Origin;
import dev.telltale.container.ContainerEvent;
import dev.telltale.container.ContainerView;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.upstream.ExchangeListener;
import dev.telltale.upstream.Target;
import dev.telltale.upstream.Upstream;
import io.micrometer.core.instrument.Counter;
import dev.telltale.tls.ListenerTls;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The numbers behind /metrics: a listener of every exchange, counting each at its end from its
 * log line (one per request, failures, aborts and the proxy's early answers included), plus
 * target health and pool use read at scrape time, and container restarts, OOM kills and states
 * when a container source is given.
 */
public final class ProxyMetrics implements ExchangeListener, AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Supplier<Map<String, Upstream>> upstreams;
    private final MultiGauge targetUp;
    private final MultiGauge openConnections;
    private final MultiGauge inFlight;
    private final MultiGauge held;
    private final Map<String, Counter> heldOutcomes = new ConcurrentHashMap<>();
    private final Set<String> refusedWatched = ConcurrentHashMap.newKeySet();
    private final Map<RequestKey, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, RouteMeters> byRoute = new ConcurrentHashMap<>();
    /** Made once: a method reference bound to this would be a new object at each request. */
    private final Function<RequestKey, Counter> newRequestCounter = this::requestCounter;
    private final ContainerMetrics containers = new ContainerMetrics(registry);
    private final RequestDurations durations = new RequestDurations(registry);
    private final ReloadMetrics reloads = new ReloadMetrics(registry);
    private JvmGcMetrics gc;

    public ProxyMetrics(Supplier<Map<String, Upstream>> upstreams) {
        this.upstreams = upstreams;
        this.targetUp = MultiGauge.builder("telltale.target.up")
                .description("1 while the target is in rotation, 0 while health checks or ejection keep it out")
                .register(registry);
        this.openConnections = MultiGauge.builder("telltale.pool.open.connections")
                .description("upstream connections open to the target, idle or in use").register(registry);
        this.inFlight = MultiGauge.builder("telltale.target.requests.in.flight")
                .description("requests using the target right now").register(registry);
        this.held = MultiGauge.builder("telltale.hold.waiting")
                .description("requests waiting in the deploy hold for their upstream to come back").register(registry);
    }

    /** Counts the access-log lines dropped because its writer fell behind. */
    public void watch(AccessLog accessLog) {
        FunctionCounter.builder("telltale.access.log.dropped", accessLog, AccessLog::droppedLines)
                .description("access-log lines dropped because the writer fell a full queue behind the requests")
                .register(registry);
    }

    /**
     * The JVM's own meters, as an operator of any JVM service expects them: heap and buffer pools,
     * collections and the bytes allocated between them ({@code jvm_gc_memory_allocated_bytes_total},
     * which the benchmarks divide by the requests served), threads, classes, CPU, uptime and start
     * time, open file descriptors. Once per process: the collector's listeners stay until {@link #close}.
     */
    public void watchJvm() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
    }

    /** {@code telltale_client_connections_open}: read from {@code open} at each scrape. */
    public void watchClientConnections(IntSupplier open) {
        // Held strongly: a gauge keeps its object weakly, and the caller's method reference has no other holder.
        Gauge.builder("telltale.client.connections.open", open, IntSupplier::getAsInt).strongReference(true)
                .description("client connections open now, whatever their protocol, those over listen.max_connections included")
                .register(registry);
    }

    /** Counts a config reload and keeps its time; {@code success} is false when the old config kept serving. */
    public void reloaded(boolean success) {
        reloads.reloaded(success);
    }

    @Override
    public void close() {
        if (gc != null) {
            gc.close();
        }
    }

    /** Reads each target's container state from {@code view} at every scrape. */
    public void watchContainers(ContainerView view) {
        containers.watch(view);
    }

    /** Counts restarts (a start after a die) and OOM kills; call it with every event of the container source. */
    public void containerEvent(ContainerEvent event) {
        containers.event(event);
    }

    @Override
    public void exchangeEnded(AccessLogEntry entry, ExchangeFailure endedWith) {
        String route = entry.route() == null ? "" : entry.route();
        String failure = entry.failure() == null ? "" : entry.failure();
        RouteMeters meters = byRoute.computeIfAbsent(route, name -> new RouteMeters());
        int status = entry.status();
        Counter counter;
        if (failure.isEmpty() && entry.origin() == Origin.UPSTREAM && RouteMeters.isStatus(status)) {
            // The usual line: found by route and status. Registering looks the meter up by its tags,
            // which allocates, so it is done once per status.
            counter = meters.relayed(status);
            if (counter == null) {
                counter = requestCounter(new RequestKey(route, status, failure, Origin.UPSTREAM.jsonName()));
                meters.keepRelayed(status, counter);
            }
        } else {
            counter = requests.computeIfAbsent(new RequestKey(route, status, failure, entry.origin().jsonName()),
                    newRequestCounter);
        }
        counter.increment();
        durations.record(route, failure, status, entry.method(), entry.durationMs());
        String upstream = entry.upstream() == null ? "" : entry.upstream();
        if (entry.heldMs() != null) {
            String outcome = entry.origin() == Origin.UPSTREAM ? "served" : "failed";
            heldOutcomes.computeIfAbsent(upstream + '\n' + outcome, key -> Counter.builder("telltale.held.requests")
                    .description("requests the deploy hold kept waiting, by how they ended")
                    .tags("upstream", upstream, "outcome", outcome).register(registry)).increment();
        }
        if (entry.connectMs() == null && entry.ttfbMs() == null) {
            return;
        }
        UpstreamTimers timers = meters.timers(upstream);
        if (timers == null) {
            timers = upstreamTimers(upstream, route);
            meters.keepTimers(upstream, timers);
        }
        if (entry.connectMs() != null) {
            timers.connect().record(entry.connectMs(), TimeUnit.MILLISECONDS);
        }
        if (entry.ttfbMs() != null) {
            timers.responseHead().record(entry.ttfbMs(), TimeUnit.MILLISECONDS);
        }
    }

    private Counter requestCounter(RequestKey key) {
        return Counter.builder("telltale.requests")
                .description("requests by route, status sent to the client, failure class and origin")
                .tags("route", key.route(), "status", Integer.toString(key.status()), "failure", key.failure(),
                        "origin", key.origin())
                .register(registry);
    }

    private UpstreamTimers upstreamTimers(String upstream, String route) {
        return new UpstreamTimers(
                latency("telltale.upstream.connect", "DNS + TCP connect of a new upstream connection", upstream, route),
                latency("telltale.upstream.response.head", "request sent to response head received", upstream, route));
    }

    private Timer latency(String name, String description, String upstream, String route) {
        return Timer.builder(name).description(description).tags("upstream", upstream, "route", route)
                .publishPercentileHistogram().register(registry);
    }

    /** Read from the current config's upstream at each scrape; a reload starts it again from 0, as a restart would. */
    private void watchRefused(String name) {
        if (refusedWatched.add(name)) {
            FunctionCounter.builder("telltale.hold.refused", upstreams, all -> {
                Upstream upstream = all.get().get(name);
                return upstream == null ? 0 : upstream.hold().refused();
            }).description("requests answered at once because the deploy hold was full (retry.hold_max_requests)")
                    .tags("upstream", name).register(registry);
        }
    }

    private record RequestKey(String route, int status, String failure, String origin) {
    }

    record UpstreamTimers(Timer connect, Timer responseHead) {
    }

    /** The Prometheus text exposition, with the health, pool and container gauges refreshed first. */
    public String scrape() {
        List<MultiGauge.Row<?>> up = new ArrayList<>();
        List<MultiGauge.Row<?>> open = new ArrayList<>();
        List<MultiGauge.Row<?>> busy = new ArrayList<>();
        long now = System.nanoTime();
        Map<String, Upstream> current = upstreams.get();
        for (Upstream upstream : current.values()) {
            for (Target target : upstream.targets()) {
                Tags tags = Tags.of("upstream", upstream.name(), "target", target.toString());
                up.add(MultiGauge.Row.of(tags, target.available(now) ? 1 : 0));
                open.add(MultiGauge.Row.of(tags, target.openConnections()));
                busy.add(MultiGauge.Row.of(tags, target.inFlight()));
            }
        }
        targetUp.register(up, true);
        openConnections.register(open, true);
        inFlight.register(busy, true);
        List<MultiGauge.Row<?>> waiting = new ArrayList<>();
        for (Upstream upstream : current.values()) {
            waiting.add(MultiGauge.Row.of(Tags.of("upstream", upstream.name()), upstream.hold().held()));
            watchRefused(upstream.name());
        }
        held.register(waiting, true);
        containers.refresh(current.values());
        return registry.scrape();
    }

    /** Spans exported, lost at the collector, and dropped before export: {@code telltale_tracing_spans_total{outcome}}. */
    /** {@code listen.tls}: certificate expiry, its reloads, failed client handshakes. */
    public void watchListenerTls(ListenerTls tls) {
        ListenerTlsMetrics.register(registry, tls);
    }

    public void watchTracing(LongSupplier exported, LongSupplier failed,
                             LongSupplier dropped) {
        tracingCounter("exported", exported, "spans the OTLP collector took");
        tracingCounter("failed", failed, "spans in batches the OTLP collector did not take (away, refused, too slow)");
        tracingCounter("dropped", dropped, "spans dropped before export (the queue to the exporter was full)");
    }

    private void tracingCounter(String outcome, LongSupplier count, String description) {
        FunctionCounter.builder("telltale.tracing.spans", count, c -> c.getAsLong()).tags("outcome", outcome)
                .description(description).register(registry);
    }
}
