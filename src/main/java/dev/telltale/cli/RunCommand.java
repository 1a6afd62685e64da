package dev.telltale.cli;

import dev.telltale.accesslog.AccessLog;
import dev.telltale.config.ConfigError;
import dev.telltale.config.ConfigException;
import dev.telltale.config.ConfigLoader;
import dev.telltale.config.ProxyConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Serves in the foreground until SIGTERM or SIGINT, then drains and exits 0. SIGHUP reloads. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the proxy in the foreground.")
final class RunCommand implements java.util.concurrent.Callable<Integer> {

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
        Running running;
        try {
            running = Running.start(config, loaded, accessLog);
        } catch (Exception e) {
            // Bind failures, or a setting that validates but cannot be used (an unreadable ca_file).
            LOG.error("not started: {}", e.getMessage());
            accessLog.close();
            return Main.FAILED;
        }
        LOG.info("admin listening on {}:{} (/healthz, /readyz, /metrics, /status, /incidents/{request_id})", loaded.admin().address(),
                running.admin().port());
        LOG.info("telltale {} listening on {}:{} ({}), {}, {}, config {}", Version.current(),
                loaded.listen().address(), running.server().port(), running.server().transportName(),
                Plural.of(loaded.routes().size(), "route"), Plural.of(loaded.upstreams().size(), "upstream"), config);

        CountDownLatch stop = new CountDownLatch(1);
        boolean signals = Signals.on("TERM", stop::countDown) & Signals.on("INT", stop::countDown);
        Signals.on("HUP", () -> running.reload("SIGHUP"));
        if (!signals) {
            Runtime.getRuntime().addShutdownHook(new Thread(running::drainAndStop, "telltale-shutdown"));
        }
        ConfigWatcher watcher = null;
        if (loaded.watch()) {
            try {
                watcher = ConfigWatcher.start(config, () -> running.reload("file changed"));
            } catch (IOException e) {
                LOG.warn("watch: cannot watch {}: {}; SIGHUP still reloads", config, e.getMessage());
            }
        }
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(watcher);
        running.drainAndStop();
        return Main.OK;
    }

    private static void closeQuietly(ConfigWatcher watcher) {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                LOG.debug("closing the config watch: {}", e.getMessage());
            }
        }
    }
}
