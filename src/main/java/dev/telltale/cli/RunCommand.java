package dev.telltale.cli;

import dev.telltale.accesslog.AccessLog;
import dev.telltale.config.ConfigError;
import dev.telltale.config.ConfigException;
import dev.telltale.config.ConfigLoader;
import dev.telltale.config.ProxyConfig;
import dev.telltale.admin.AdminServer;
import dev.telltale.diagnostics.IncidentStore;
import dev.telltale.health.HealthMonitor;
import dev.telltale.proxy.ProxyServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Serves in the foreground until SIGTERM or SIGINT. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the proxy in the foreground.")
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger("telltale");

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "config file (default: ${DEFAULT-VALUE})",
            defaultValue = "config/proxy.yaml")
    Path config = Path.of("config/proxy.yaml");

    @Override
    public Integer call() {
        ProxyConfig loaded;
        try {
            loaded = ConfigLoader.fromSystemEnvironment().load(config);
        } catch (ConfigException e) {
            for (ConfigError error : e.errors()) {
                System.err.println(error);
            }
            System.err.println(config + ": not started, the config has errors");
            return Main.FAILED;
        }
        AccessLog accessLog;
        try {
            accessLog = AccessLog.open(loaded.accessLog().target());
        } catch (RuntimeException e) {
            LOG.error("not started: {}", e.getMessage());
            return Main.FAILED;
        }
        IncidentStore incidents = new IncidentStore(loaded.incidents());
        ProxyServer.Options options = ProxyServer.Options.defaults();
        ProxyServer server;
        try {
            server = ProxyServer.start(loaded, accessLog, incidents, options);
        } catch (IllegalArgumentException e) {
            // A setting that validates but cannot be used, e.g. an unreadable upstreams.NAME.tls.ca_file.
            LOG.error("not started: {}", e.getMessage());
            accessLog.close();
            return Main.FAILED;
        } catch (Exception e) {
            LOG.error("not started: cannot listen on {}:{}: {}", loaded.listen().address(), loaded.listen().port(),
                    e.getMessage());
            accessLog.close();
            return Main.FAILED;
        }
        AdminServer admin;
        try {
            admin = AdminServer.start(loaded.admin(), options.transport(), incidents);
        } catch (Exception e) {
            LOG.error("not started: cannot listen on the admin address {}:{}: {}", loaded.admin().address(),
                    loaded.admin().port(), e.getMessage());
            server.close();
            accessLog.close();
            return Main.FAILED;
        }
        HealthMonitor health = HealthMonitor.start(server.runtime().upstreams().values(), server.pools(),
                server.eventLoops(), accessLog);
        LOG.info("admin listening on {}:{} (/healthz, /incidents/{request_id})", loaded.admin().address(),
                admin.port());
        LOG.info("telltale {} listening on {}:{} ({}), {}, {}, config {}", Version.current(),
                loaded.listen().address(), server.port(), server.transportName(),
                Plural.of(loaded.routes().size(), "route"), Plural.of(loaded.upstreams().size(), "upstream"), config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping");
            health.close();
            server.close();
            admin.close();
            accessLog.close();
            stopped.countDown();
        }, "telltale-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Main.OK;
    }
}
