package dev.telltale.accesslog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The access log: one JSON line per request. {@link #write} encodes on the calling thread
 * (CPU only) and never waits for I/O, so it is safe on an event loop.
 */
public final class AccessLog implements AutoCloseable {

    /** The target that means standard output. */
    public static final String STDOUT = "stdout";

    private final AccessLogEncoder encoder = new AccessLogEncoder();
    private final Consumer<String> lines;
    private final java.util.List<Consumer<AccessLogEntry>> subscribers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Runnable onClose;

    private AccessLog(Consumer<String> lines, Runnable onClose) {
        this.lines = lines;
        this.onClose = onClose;
    }

    /**
     * Opens {@code "stdout"} or a file path (appended to). The file's directory must exist;
     * an unwritable target fails here rather than losing lines later.
     */
    public static AccessLog open(String target) {
        Objects.requireNonNull(target, "target");
        if (STDOUT.equals(target)) {
            AsyncLineWriter writer = AsyncLineWriter.toStdout();
            return new AccessLog(writer, writer::close);
        }
        Path dir = Path.of(target).toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalStateException("cannot open access log " + target
                    + ": directory " + dir + " does not exist");
        }
        AsyncLineWriter writer = AsyncLineWriter.toFile(target);
        return new AccessLog(writer, writer::close);
    }

    /** Hands each encoded line (without newline) to {@code lines}, synchronously; for tests. */
    public static AccessLog to(Consumer<String> lines) {
        return new AccessLog(Objects.requireNonNull(lines, "lines"), () -> { });
    }

    /**
     * Queues one line. If the output falls a full queue (16,384 lines) behind, the line is
     * dropped rather than stalling the caller; after {@link #close} lines are ignored.
     */
    public void write(AccessLogEntry entry) {
        lines.accept(encoder.encode(entry));
        for (Consumer<AccessLogEntry> subscriber : subscribers) {
            subscriber.accept(entry);
        }
    }

    /**
     * Also hands every entry to {@code subscriber} (metrics, the status page), on the writing
     * thread: it must be quick and must not block.
     */
    public void subscribe(Consumer<AccessLogEntry> subscriber) {
        subscribers.add(subscriber);
    }

    /** Queues a health transition line, under the same rules as {@link #write(AccessLogEntry)}. */
    public void write(HealthEvent event) {
        lines.accept(encoder.encode(event));
    }

    /** Flushes the lines written so far and releases the target. */
    @Override
    public void close() {
        onClose.run();
    }
}
