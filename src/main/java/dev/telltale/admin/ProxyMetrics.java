package dev.telltale.admin;

import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.upstream.Target;
import dev.telltale.upstream.Upstream;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The numbers behind /metrics, fed by the same completion event as the access log (one per
 * request, failures and aborts included), plus target health and pool use read at scrape time.
 */
public final class ProxyMetrics implements Consumer<AccessLogEntry> {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Supplier<Map<String, Upstream>> upstreams;
    private final MultiGauge targetUp;
    private final MultiGauge openConnections;
    private final MultiGauge inFlight;

    public ProxyMetrics(Supplier<Map<String, Upstream>> upstreams) {
        this.upstreams = upstreams;
        this.targetUp = MultiGauge.builder("telltale.target.up")
                .description("1 while the target is in rotation, 0 while health checks or ejection keep it out")
                .register(registry);
        this.openConnections = MultiGauge.builder("telltale.pool.open.connections")
                .description("upstream connections open to the target, idle or in use").register(registry);
        this.inFlight = MultiGauge.builder("telltale.target.requests.in.flight")
                .description("requests using the target right now").register(registry);
    }

    @Override
    public void accept(AccessLogEntry entry) {
        String route = entry.route() == null ? "" : entry.route();
        String failure = entry.failure() == null ? "" : entry.failure();
        Counter.builder("telltale.requests")
                .description("requests by route, status sent to the client, failure class and origin")
                .tags("route", route, "status", Integer.toString(entry.status()), "failure", failure,
                        "origin", entry.origin().jsonName())
                .register(registry).increment();
        String upstream = entry.upstream() == null ? "" : entry.upstream();
        if (entry.connectMs() != null) {
            latency("telltale.upstream.connect", "DNS + TCP connect of a new upstream connection", upstream, route)
                    .record(Duration.ofMillis(entry.connectMs()));
        }
        if (entry.ttfbMs() != null) {
            latency("telltale.upstream.response.head", "request sent to response head received", upstream, route)
                    .record(Duration.ofMillis(entry.ttfbMs()));
        }
    }

    private Timer latency(String name, String description, String upstream, String route) {
        return Timer.builder(name).description(description).tags("upstream", upstream, "route", route)
                .publishPercentileHistogram().register(registry);
    }

    /** The Prometheus text exposition, with the health and pool gauges refreshed first. */
    public String scrape() {
        List<MultiGauge.Row<?>> up = new ArrayList<>();
        List<MultiGauge.Row<?>> open = new ArrayList<>();
        List<MultiGauge.Row<?>> busy = new ArrayList<>();
        long now = System.nanoTime();
        for (Upstream upstream : upstreams.get().values()) {
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
        return registry.scrape();
    }
}
