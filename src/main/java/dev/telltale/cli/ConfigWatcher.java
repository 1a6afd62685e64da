package dev.telltale.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

/**
 * {@code watch: true}: reloads when the config file changes. Watches the directory (editors and
 * ConfigMaps replace files rather than write them in place) and waits for writes to settle.
 */
final class ConfigWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);
    private static final long SETTLE_MS = 300;

    private final WatchService service;

    private ConfigWatcher(WatchService service) {
        this.service = service;
    }

    static ConfigWatcher start(Path file, Runnable onChange) throws IOException {
        Path absolute = file.toAbsolutePath();
        WatchService service = FileSystems.getDefault().newWatchService();
        absolute.getParent().register(service, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
        Thread thread = new Thread(() -> loop(service, absolute, onChange), "telltale-config-watch");
        thread.setDaemon(true);
        thread.start();
        return new ConfigWatcher(service);
    }

    private static void loop(WatchService service, Path file, Runnable onChange) {
        try {
            while (true) {
                WatchKey key = service.take();
                boolean ours = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    ours |= file.getFileName().equals(event.context()) || event.context() == null;
                }
                key.reset();
                if (ours) {
                    // Drain the burst of events a single save produces, then reload once.
                    WatchKey more;
                    while ((more = service.poll(SETTLE_MS, TimeUnit.MILLISECONDS)) != null) {
                        more.pollEvents();
                        more.reset();
                    }
                    onChange.run();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            LOG.debug("config watch ended");
        }
    }

    @Override
    public void close() throws IOException {
        service.close();
    }
}
