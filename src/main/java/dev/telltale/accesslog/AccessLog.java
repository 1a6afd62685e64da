package dev.telltale.accesslog;

import dev.telltale.container.ContainerEvent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The access log: one JSON line per request. {@link #write} only queues the entry (encoding
 * and I/O happen on the log's own thread) and never waits, so it is safe on an event loop.
 */
public final class AccessLog implements AutoCloseable {

    /** The target that means standard output. */
    public static final String STDOUT = "stdout";

    private final Consumer<Object> records;
    private final LongSupplier dropped;
    private final Runnable onClose;
    private final Runnable onReopen;

    private AccessLog(Consumer<Object> records, LongSupplier dropped, Runnable onClose, Runnable onReopen) {
        this.records = records;
        this.dropped = dropped;
        this.onClose = onClose;
        this.onReopen = onReopen;
    }

    /**
     * Opens {@code "stdout"} or a file path (appended to). The file's directory must exist;
     * an unwritable target fails here rather than losing lines later.
     */
    public static AccessLog open(String target) {
        Objects.requireNonNull(target, "target");
        if (STDOUT.equals(target)) {
            return of(BatchingWriter.toStdout());
        }
        Path dir = Path.of(target).toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalStateException("cannot open access log " + target
                    + ": directory " + dir + " does not exist");
        }
        return of(BatchingWriter.toFile(target));
    }

    private static AccessLog of(BatchingWriter writer) {
        return new AccessLog(writer::accept, writer::dropped, writer::close, writer::reopen);
    }

    /** Hands each encoded line (without newline) to {@code lines}, synchronously; for tests. */
    public static AccessLog to(Consumer<String> lines) {
        Objects.requireNonNull(lines, "lines");
        AccessLogEncoder encoder = new AccessLogEncoder();
        Consumer<Object> encoding = record -> lines.accept(encoder.encode(record, 512));
        return new AccessLog(encoding, () -> 0, () -> { }, () -> { });
    }

    /**
     * Queues one line. If the output falls a full queue (16,384 lines) behind, the line is
     * dropped and counted ({@link #droppedLines}) rather than stalling the caller; after
     * {@link #close} lines are dropped.
     */
    public void write(AccessLogEntry entry) {
        records.accept(entry);
    }

    /** Queues a health transition line, under the same rules as {@link #write(AccessLogEntry)}. */
    public void write(HealthEvent event) {
        records.accept(event);
    }

    /** Queues a container event line ({@code "type":"container"}), under the same rules. */
    public void write(ContainerEvent event) {
        records.accept(event);
    }

    /** Lines dropped so far because the output fell a full queue behind, or after close. */
    public long droppedLines() {
        return dropped.getAsLong();
    }

    /**
     * A file target is opened again by its path (logrotate's postrotate signal): lines queued
     * before go to the file that was open, later ones to the new file. Never waits.
     */
    public void reopen() {
        onReopen.run();
    }

    /** Flushes the lines written so far and releases the target. */
    @Override
    public void close() {
        onClose.run();
    }
}
