package dev.telltale.cli;

import dev.telltale.accesslog.AccessLog;
import dev.telltale.config.ProxyConfig;
import dev.telltale.proxy.ProxyServer;
import dev.telltale.tls.ListenerTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code run} and {@code demo} share: start the proxy with its admin listener and access
 * log, say where it listens, then serve until SIGTERM or SIGINT (SIGHUP reloads) and drain.
 */
final class Foreground {

    private static final Logger LOG = LoggerFactory.getLogger("telltale");

    private Foreground() {
    }

    /** Starts everything, or logs why not and returns null (the caller exits 1). */
    static Running start(Path configPath, ProxyConfig config, ProxyServer.Options options) {
        AccessLog accessLog;
        try {
            accessLog = AccessLog.open(config.accessLog().target());
        } catch (RuntimeException e) {
            LOG.error("not started: {}", e.getMessage());
            return null;
        }
        Running running;
        try {
            running = Running.start(configPath, config, accessLog, options);
        } catch (Exception e) {
            // Bind failures, or a setting that validates but cannot be used (an unreadable ca_file).
            LOG.error("not started: {}", e.getMessage());
            accessLog.close();
            return null;
        }
        // Before the start lines: whoever reads them may signal at once, and an unhandled HUP ends the JVM.
        running.handleSignals();
        LOG.info("admin listening on {}:{} (/healthz, /readyz, /readyz/routes, /metrics, /status, /incidents/{request_id})",
                config.admin().address(),
                running.admin().port());
        LOG.info("telltale {} listening on {}:{} ({}), {}, {}, config {}", Version.current(),
                config.listen().address(), running.server().port(), running.server().transportName(),
                Plural.of(config.routes().size(), "route"), Plural.of(config.upstreams().size(), "upstream"),
                configPath);
        return running;
    }

    /**
     * Blocks until SIGTERM or SIGINT, then runs {@code beforeDrain} and drains. Where those
     * signals cannot be handled, the JVM's shutdown hook does both instead.
     */
    static void serve(Running running, Path configPath, boolean watch, Runnable beforeDrain) {
        Runnable stopAll = () -> {
            beforeDrain.run();
            running.drainAndStop();
        };
        Runnable stopAllAndFlush = () -> {
            stopAll.run();
            LogFormat.flush(); // a shutdown hook: main never gets to flush
        };
        if (!running.signalsHandled()) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopAllAndFlush, "telltale-shutdown"));
        }
        FileWatcher config = null;
        FileWatcher certificate = null;
        if (watch) {
            config = watch("telltale-config-watch", List.of(configPath), () -> running.reload("file changed"));
            ListenerTls tls = running.server().tls();
            if (tls != null) {
                certificate = watch("telltale-certificate-watch", List.of(tls.config().cert(), tls.config().key()),
                        () -> running.reloadCertificate("file changed"));
            }
        }
        try {
            running.awaitStopSignal();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(config);
        closeQuietly(certificate);
        stopAll.run();
    }

    /** Null when the files cannot be watched: that is a warning, SIGHUP still works. */
    private static FileWatcher watch(String name, List<Path> files, Runnable onChange) {
        try {
            return FileWatcher.start(name, files, onChange);
        } catch (IOException e) {
            LOG.warn("watch: cannot watch {}: {}; SIGHUP still reloads", files, e.getMessage());
            return null;
        }
    }

    private static void closeQuietly(FileWatcher watcher) {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                LOG.debug("closing a file watch: {}", e.getMessage());
            }
        }
    }
}
