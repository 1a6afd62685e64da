package dev.telltale.admin;

import dev.telltale.config.ProxyConfig;
import dev.telltale.config.RouteConfig;
import dev.telltale.diagnostics.ErrorReport;
import dev.telltale.diagnostics.IncidentStore;
import dev.telltale.upstream.FailureHistory;
import dev.telltale.upstream.Target;
import dev.telltale.upstream.TargetDown;
import dev.telltale.upstream.Upstream;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What /status shows, gathered at request time from the live config, targets and incidents. */
public record StatusReport(Instant at, boolean draining, List<RouteRow> routes, List<UpstreamRow> upstreams,
                           List<IncidentRow> incidents) {

    public record RouteRow(String name, String host, String pathPrefix, String upstream) {
    }

    public record UpstreamRow(String name, String balance, List<TargetRow> targets) {
    }

    /** {@code down} is null while the target is in rotation. */
    public record TargetRow(String target, boolean up, String down, int openConnections, int inFlight,
                            long failures1m, long failures5m, long failures15m, String lastFailure,
                            String lastFailureDetail, Instant lastFailureAt) {
    }

    public record IncidentRow(String requestId, Instant at, String failure, int status, String route) {
    }

    public static StatusReport of(ProxyConfig config, Map<String, Upstream> upstreams, IncidentStore incidents,
                                  boolean draining) {
        List<RouteRow> routes = new ArrayList<>();
        for (RouteConfig route : config.routes()) {
            routes.add(new RouteRow(route.name(), route.match().host(), route.match().pathPrefix(), route.upstream()));
        }
        long now = System.nanoTime();
        List<UpstreamRow> upstreamRows = new ArrayList<>();
        for (Upstream upstream : upstreams.values()) {
            List<TargetRow> targets = new ArrayList<>();
            for (Target target : upstream.targets()) {
                TargetDown down = target.down();
                FailureHistory history = target.failures();
                FailureHistory.Last last = history.last();
                targets.add(new TargetRow(target.toString(), target.available(now),
                        down == null ? null : down.describe(target), target.openConnections(), target.inFlight(),
                        history.lastMinutes(1), history.lastMinutes(5), history.lastMinutes(15),
                        last == null ? null : last.failure().wireName(), last == null ? null : last.detail(),
                        last == null ? null : last.at().truncatedTo(ChronoUnit.MILLIS)));
            }
            upstreamRows.add(new UpstreamRow(upstream.name(), upstream.config().balance().yamlName(), targets));
        }
        List<IncidentRow> recent = new ArrayList<>();
        for (ErrorReport report : incidents.recent(10)) {
            recent.add(new IncidentRow(report.requestId(), report.timestamp().truncatedTo(ChronoUnit.MILLIS),
                    report.failure().wireName(),
                    report.status(), report.route()));
        }
        return new StatusReport(Instant.now().truncatedTo(ChronoUnit.MILLIS), draining, routes, upstreamRows, recent);
    }
}
