package dev.telltale.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.telltale.config.ProxyConfig;
import dev.telltale.config.RouteConfig;
import dev.telltale.container.ContainerView;
import dev.telltale.container.Containers;
import dev.telltale.diagnostics.ErrorReport;
import dev.telltale.diagnostics.IncidentStore;
import dev.telltale.tls.ListenerCertificate;
import dev.telltale.tls.ListenerTls;
import dev.telltale.upstream.FailureHistory;
import dev.telltale.upstream.IdleCloses;
import dev.telltale.upstream.Target;
import dev.telltale.upstream.TargetDown;
import dev.telltale.upstream.Upstream;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What /status shows, gathered at request time from the live config, targets, incidents and
 * container state.
 *
 * @param docker null when no container source is configured
 * @param tls    null when the listener speaks plain HTTP
 */
public record StatusReport(Instant at, boolean draining, DockerRow docker, ListenerTlsRow tls, List<RouteRow> routes,
                           List<UpstreamRow> upstreams, List<IncidentRow> incidents) {

    /** The container source: {@code connected} false while the Docker API cannot be reached. */
    public record DockerRow(boolean connected, int containers, Instant asOf) {
    }

    public record RouteRow(String name, String host, String pathPrefix, String upstream) {
    }

    /** {@code timeline}: its last 15 minutes, drawn on the page. */
    public record UpstreamRow(String name, String balance, List<TargetRow> targets, TimelineRow timeline) {
    }

    /**
     * {@code down} is null while the target is in rotation; {@code containers} is null without a
     * container source, and empty while it is away or the target names no container;
     * {@code idleCloseMs} is the idle limit the target has shown by closing pooled connections
     * (null until it has), {@code poolKeepsMs} how long its pooled connections idle now because of it.
     */
    public record TargetRow(String target, boolean up, String down, int openConnections, int inFlight,
                            long failures1m, long failures5m, long failures15m, String lastFailure,
                            String lastFailureDetail, Instant lastFailureAt, List<ContainerRow> containers,
                            Long idleCloseMs, Long poolKeepsMs) {
    }

    /**
     * One container behind a target, named as in the access log.
     *
     * @param exitCode null while it never exited
     * @param events   its latest events, oldest first, at most {@link ContainerRows#EVENTS_SHOWN}
     */
    public record ContainerRow(String name, String service, String state, String health, Integer exitCode,
                               boolean oomKilled, @JsonProperty("restarts_15m") int restarts15m, Instant since,
                               List<EventRow> events) {
    }

    /** {@code exitCode} is set on a die, {@code health} on a health_status. */
    public record EventRow(Instant ts, String action, Integer exitCode, String health) {
    }

    public record IncidentRow(String requestId, Instant at, String failure, int status, String route) {
    }

    /**
     * The listener's certificate in use, from {@code cert} and {@code key}; {@code daysLeft} is
     * negative once it has expired. {@code lastRejection} is why the last reload of a changed pair
     * failed (null when it did not), {@code handshakeFailures} counts failed client handshakes by reason.
     */
    public record ListenerTlsRow(String subject, String issuer, String serial, Instant notBefore, Instant notAfter,
                                 long daysLeft, String cert, String key, Instant loadedAt, String lastRejection,
                                 Instant lastRejectionAt, Map<String, Long> handshakeFailures) {

        static ListenerTlsRow of(ListenerTls tls, Instant at) {
            if (tls == null) {
                return null;
            }
            ListenerCertificate current = tls.current();
            ListenerTls.Rejection rejection = tls.lastRejection();
            return new ListenerTlsRow(current.subject(), current.issuer(), current.serial(), current.notBefore(),
                    current.notAfter(), Math.floorDiv(current.notAfter().getEpochSecond() - at.getEpochSecond(), 86_400),
                    tls.config().cert().toString(), tls.config().key().toString(),
                    current.loadedAt().truncatedTo(ChronoUnit.MILLIS), rejection == null ? null : rejection.reason(),
                    rejection == null ? null : rejection.at().truncatedTo(ChronoUnit.MILLIS),
                    tls.handshakeFailures().counts());
        }
    }

    /** Without a container source. */
    public static StatusReport of(ProxyConfig config, Map<String, Upstream> upstreams, IncidentStore incidents,
                                  boolean draining) {
        return of(config, upstreams, incidents, draining, ContainerView.NONE);
    }

    /** A plain-HTTP listener. */
    public static StatusReport of(ProxyConfig config, Map<String, Upstream> upstreams, IncidentStore incidents,
                                  boolean draining, ContainerView containers) {
        return of(config, upstreams, incidents, draining, containers, null);
    }

    /** {@code tls}: the listener's, or null for plain HTTP. */
    public static StatusReport of(ProxyConfig config, Map<String, Upstream> upstreams, IncidentStore incidents,
                                  boolean draining, ContainerView containers, ListenerTls tls) {
        return of(config, upstreams, incidents, draining, containers, tls, new ReloadMarks());
    }

    /** {@code reloads}: the config reloads to mark on each upstream's timeline. */
    public static StatusReport of(ProxyConfig config, Map<String, Upstream> upstreams, IncidentStore incidents,
                                  boolean draining, ContainerView containers, ListenerTls tls, ReloadMarks reloads) {
        // One snapshot for the whole page, so that every row tells of the same instant.
        Containers snapshot = containers.current();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
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
                long learnt = target.idleCloses().limitNanos(now);
                targets.add(new TargetRow(target.toString(), target.available(now),
                        down == null ? null : down.describe(target), target.openConnections(), target.inFlight(),
                        history.lastMinutes(1), history.lastMinutes(5), history.lastMinutes(15),
                        last == null ? null : last.failure().wireName(), last == null ? null : last.detail(),
                        last == null ? null : last.at().truncatedTo(ChronoUnit.MILLIS),
                        ContainerRows.of(snapshot, target.address(), at), learnt == IdleCloses.NONE ? null
                                : TimeUnit.NANOSECONDS.toMillis(learnt), learnt == IdleCloses.NONE ? null
                                : TimeUnit.NANOSECONDS.toMillis(IdleCloses.keep(learnt))));
            }
            upstreamRows.add(new UpstreamRow(upstream.name(), upstream.config().balance().yamlName(), targets,
                    TimelineRow.of(upstream, targets, reloads.since(at.minusSeconds(16 * 60)), at)));
        }
        List<IncidentRow> recent = new ArrayList<>();
        for (ErrorReport report : incidents.recent(10)) {
            recent.add(new IncidentRow(report.requestId(), report.timestamp().truncatedTo(ChronoUnit.MILLIS),
                    report.failure().wireName(),
                    report.status(), report.route()));
        }
        return new StatusReport(at, draining, ContainerRows.docker(snapshot), ListenerTlsRow.of(tls, at), routes,
                upstreamRows, recent);
    }
}
