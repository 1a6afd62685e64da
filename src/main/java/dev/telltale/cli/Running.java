package dev.telltale.cli;

import dev.telltale.accesslog.AccessLog;
import dev.telltale.admin.AdminServer;
import dev.telltale.admin.AdminSources;
import dev.telltale.admin.ProxyMetrics;
import dev.telltale.admin.StatusReport;
import dev.telltale.admin.Readiness;
import dev.telltale.admin.ReloadMarks;
import dev.telltale.config.ConfigError;
import dev.telltale.config.ConfigException;
import dev.telltale.config.ConfigLoader;
import dev.telltale.config.ProxyConfig;
import dev.telltale.container.ContainerEvent;
import dev.telltale.container.ContainerView;
import dev.telltale.docker.DockerSource;
import dev.telltale.diagnostics.IncidentStore;
import dev.telltale.health.HealthMonitor;
import dev.telltale.health.StartupProbe;
import dev.telltale.proxy.ProxyRuntime;
import dev.telltale.proxy.ProxyServer;
import dev.telltale.tracing.SpanExport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * A running proxy and everything around it: admin listener, health, access log. Reload swaps
 * the config atomically or keeps the old one; stop drains within {@code shutdown_grace}.
 */
final class Running {

    private static final Logger LOG = LoggerFactory.getLogger("telltale");

    private final Path configPath;
    private final AccessLog accessLog;
    private final ProxyServer server;
    private final AdminServer admin;
    private final DockerSource docker;
    private final ProxyMetrics metrics;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final ReloadMarks reloadMarks;
    private boolean signalsHandled;
    private volatile HealthMonitor health;
    private volatile SpanExport spans; // null unless tracing.otlp is set
    private volatile ProxyConfig config;

    private Running(Path configPath, ProxyConfig config, AccessLog accessLog, ProxyServer server, AdminServer admin,
                    DockerSource docker, ProxyMetrics metrics, ReloadMarks reloadMarks) {
        this.configPath = configPath;
        this.reloadMarks = reloadMarks;
        this.metrics = metrics;
        this.docker = docker;
        this.config = config;
        this.accessLog = accessLog;
        this.server = server;
        this.admin = admin;
    }

    /** Starts everything or nothing: a failure to bind either listener closes what was opened. */
    static Running start(Path configPath, ProxyConfig config, AccessLog accessLog, ProxyServer.Options options)
            throws Exception {
        // Container events go to the access log (the incident timeline) and to the metrics, once they exist.
        List<Consumer<ContainerEvent>> eventSinks = new CopyOnWriteArrayList<>(List.of(accessLog::write));
        DockerSource docker = startDocker(config, event -> eventSinks.forEach(sink -> sink.accept(event)));
        ContainerView containers = docker == null ? ContainerView.NONE : docker;
        ProxyServer server;
        try {
            server = ProxyServer.start(config, accessLog, new IncidentStore(config.incidents()),
                    options.withContainers(containers));
        } catch (Exception e) {
            if (docker != null) {
                docker.close();
            }
            throw e;
        }
        ProxyMetrics metrics = new ProxyMetrics(() -> server.runtime().upstreams());
        server.listen(metrics);
        metrics.watch(accessLog);
        metrics.watchJvm();
        metrics.watchClientConnections(server::openClientConnections);
        if (server.tls() != null) {
            metrics.watchListenerTls(server.tls());
        }
        metrics.watchContainers(containers);
        eventSinks.add(metrics::containerEvent);
        eventSinks.add(event -> {
            // A container coming up may be the app a held request waits for: every held request tries now.
            if (event.is("start") || event.is("unpause") || event.is("health_status") && "healthy".equals(event.health())) {
                server.runtime().upstreams().values().forEach(upstream -> upstream.hold().wakeAll());
            }
        });
        ReloadMarks reloadMarks = new ReloadMarks();
        AdminServer admin;
        try {
            admin = AdminServer.start(config.admin(), options.transport(), new AdminSources(
                    server.runtime().incidents(),
                    () -> Readiness.of(server.runtime().config(), server.runtime().upstreams(),
                            server.isListening(), server.isDraining()),
                    metrics::scrape,
                    () -> StatusReport.of(server.runtime().config(), server.runtime().upstreams(),
                            server.runtime().incidents(), server.isDraining(), containers, server.tls(), reloadMarks)));
        } catch (Exception e) {
            server.close();
            metrics.close();
            if (docker != null) {
                docker.close();
            }
            throw new IllegalStateException("cannot listen on the admin address " + config.admin().address() + ":"
                    + config.admin().port() + ": " + e.getMessage(), e);
        }
        Running running = new Running(configPath, config, accessLog, server, admin, docker, metrics, reloadMarks);
        running.spans = startTracing(config, server, metrics);
        running.health = HealthMonitor.start(server.runtime().upstreams().values(), server.pools(),
                server.eventLoops(), accessLog);
        StartupProbe.run(server.runtime().upstreams().values(), server.pools(), server.eventLoops());
        return running;
    }

    /** Null when {@code tracing.otlp} is not set; else a listener of every exchange, counted on /metrics. */
    private static SpanExport startTracing(ProxyConfig config, ProxyServer server, ProxyMetrics metrics) {
        if (!config.tracing().exports()) {
            return null;
        }
        LOG.info("exporting spans to {} (OTLP/HTTP)", config.tracing().otlpEndpoint());
        SpanExport spans = SpanExport.start(config.tracing());
        server.listen(spans);
        metrics.watchTracing(spans::exported, spans::failed, spans::dropped);
        return spans;
    }

    /** Null when {@code runtime.docker} is not set; a daemon that cannot be reached is a warning, not a failure. */
    private static DockerSource startDocker(ProxyConfig config, Consumer<ContainerEvent> events) {
        if (!config.docker().enabled()) {
            return null;
        }
        LOG.info("reading container state from the Docker API at {}", config.docker().endpoint());
        return DockerSource.start(config.docker(), events);
    }

    ProxyServer server() {
        return server;
    }

    AdminServer admin() {
        return admin;
    }

    /** SIGTERM and SIGINT ask to stop (see {@link #awaitStopSignal}); SIGHUP reloads; SIGUSR1 reopens the access log. */
    void handleSignals() {
        signalsHandled = Signals.on("TERM", stopSignal::countDown);
        Signals.on("INT", stopSignal::countDown);
        Signals.on("HUP", () -> reload("SIGHUP"));
        // logrotate's usual postrotate signal; unhandled, it would end the JVM.
        Signals.on("USR1", accessLog::reopen);
    }

    /** False where TERM cannot be handled; then only the JVM's shutdown hook stops it. */
    boolean signalsHandled() {
        return signalsHandled;
    }

    void awaitStopSignal() throws InterruptedException {
        stopSignal.await();
    }
    /** Loads the file again; an invalid one is rejected with every error and the old config keeps serving. */
    synchronized boolean reload(String why) {
        boolean reloaded = loadAgain(why);
        metrics.reloaded(reloaded);
        reloadMarks.add(reloaded);
        reloadCertificate(why);
        return reloaded;
    }

    /**
     * Reads the listener's certificate and key again (same files: {@code listen.tls} itself
     * changes at a restart); a changed, good pair serves new connections from now on.
     */
    void reloadCertificate(String why) {
        if (server.tls() != null) {
            server.tls().reload(why);
        }
    }

    private boolean loadAgain(String why) {
        ProxyConfig next;
        try {
            next = ConfigLoader.fromSystemEnvironment().load(configPath);
        } catch (ConfigException e) {
            for (ConfigError error : e.errors()) {
                LOG.error("{}", error);
            }
            LOG.error("reload ({}) rejected: {} has {} error(s); still serving the previous config", why,
                    configPath, e.errors().size());
            return false;
        }
        ProxyRuntime runtime;
        try {
            runtime = server.reload(next, accessLog);
        } catch (IllegalArgumentException e) {
            LOG.error("reload ({}) rejected: {}; still serving the previous config", why, e.getMessage());
            return false;
        }
        warnAboutRestartOnly(next);
        HealthMonitor previous = health;
        health = HealthMonitor.start(runtime.upstreams().values(), server.pools(), server.eventLoops(), accessLog);
        previous.close();
        config = next;
        LOG.info("reloaded {} ({}): {}, {}", configPath, why, Plural.of(next.routes().size(), "route"),
                Plural.of(next.upstreams().size(), "upstream"));
        return true;
    }

    private void warnAboutRestartOnly(ProxyConfig next) {
        if (!next.listen().equals(config.listen()) || !next.admin().equals(config.admin())
                || !next.accessLog().equals(config.accessLog()) || !next.incidents().equals(config.incidents())
                || !next.docker().equals(config.docker())) {
            LOG.warn("listen, admin, access_log, incidents and runtime changes take effect at the next restart"
                    + " (the files of listen.tls are read again now)");
        }
    }

    /** Stops accepting, answers /readyz 503, lets requests in flight finish, then closes everything. */
    void drainAndStop() {
        LOG.info("stopping: draining {} request(s) in flight, for at most {}", server.inFlight(),
                dev.telltale.config.Durations.format(config.shutdownGrace()));
        try {
            boolean finished = server.drain(config.shutdownGrace());
            if (!finished) {
                LOG.warn("shutdown_grace ran out with {} request(s) still in flight; closing them", server.inFlight());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        health.close();
        server.close();
        if (spans != null) {
            spans.close(); // after the server: the last requests' spans go too
        }
        admin.close();
        metrics.close();
        if (docker != null) {
            docker.close();
        }
        LOG.info("stopped");
        accessLog.close();
    }
}
