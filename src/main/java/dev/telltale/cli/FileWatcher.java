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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code watch: true}: calls back when watched files change. Watches their directories, since
 * editors, ConfigMaps, Secrets and certbot replace files rather than write them in place; a
 * Kubernetes volume swaps its {@code ..data} link, so a change to that counts for every file.
 * Waits for a burst of writes to settle, then calls back once.
 */
final class FileWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileWatcher.class);
    private static final long SETTLE_MS = 300;
    /** The link a Kubernetes volume (ConfigMap, Secret) swaps to update all its files at once. */
    private static final Path KUBERNETES_DATA = Path.of("..data");

    private final WatchService service;

    private FileWatcher(WatchService service) {
        this.service = service;
    }

    /** {@code name}: the thread's, e.g. {@code telltale-config-watch}. */
    static FileWatcher start(String name, List<Path> files, Runnable onChange) throws IOException {
        Set<Path> directories = new LinkedHashSet<>();
        Set<Path> names = new LinkedHashSet<>(Set.of(KUBERNETES_DATA));
        for (Path file : files) {
            Path absolute = file.toAbsolutePath();
            directories.add(absolute.getParent());
            names.add(absolute.getFileName());
        }
        WatchService service = FileSystems.getDefault().newWatchService();
        try {
            for (Path directory : directories) {
                directory.register(service, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        } catch (IOException e) {
            service.close();
            throw e;
        }
        Thread thread = new Thread(() -> loop(service, names, onChange), name);
        thread.setDaemon(true);
        thread.start();
        return new FileWatcher(service);
    }

    private static void loop(WatchService service, Set<Path> names, Runnable onChange) {
        try {
            while (true) {
                WatchKey key = service.take();
                boolean ours = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    // No context: the events overflowed, so any file may have changed.
                    ours |= event.context() == null || names.contains((Path) event.context());
                }
                key.reset();
                if (ours) {
                    // Drain the burst of events a single save produces, then call back once.
                    WatchKey more;
                    while ((more = service.poll(SETTLE_MS, TimeUnit.MILLISECONDS)) != null) {
                        more.pollEvents();
                        more.reset();
                    }
                    onChange.run();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            LOG.debug("file watch ended");
        }
    }

    @Override
    public void close() throws IOException {
        service.close();
    }
}
