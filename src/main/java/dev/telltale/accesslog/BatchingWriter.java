package dev.telltale.accesslog;

import com.fasterxml.jackson.core.JsonGenerator;
import org.jctools.queues.varhandle.MpscChunkedVarHandleArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Encodes and writes log records on one background thread, in batches. Callers (event loops)
 * only enqueue, and under load they do not wake the writer: it wakes itself every
 * {@link #BATCH_NANOS} while records keep coming, so a busy proxy pays no thread hand-off per
 * request. Only a writer that found nothing to do sleeps until a caller wakes it. When the
 * queue is full, a record is dropped and counted rather than making the caller wait.
 * Hand-written rather than Logback's async appender for a measured reason: that appender signals
 * its worker for every line, and those futex wake-ups took a quarter of the proxy's CPU under load
 * (docs/performance.md).
 */
final class BatchingWriter {

    static final int QUEUE_SIZE = 16_384;
    private static final int QUEUE_CHUNK = 1_024;
    /** How long records gather between writes under load; bounds how late a line reaches the file. */
    private static final long BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** Empty wake-ups before the writer sleeps until a caller wakes it. */
    private static final int IDLE_WAKEUPS_BEFORE_SLEEP = 3;
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final long CLOSE_WAIT_MS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(BatchingWriter.class);

    // Lock-free, so an event loop never waits for the writer; bounded; an array in chunks, reused,
    // so a line costs no queue node (a linked queue's node was 24 bytes of garbage per request).
    private final Queue<Object> queue = new MpscChunkedVarHandleArrayQueue<>(QUEUE_CHUNK, QUEUE_SIZE);
    private final LongAdder dropped = new LongAdder();
    private final AccessLogEncoder encoder = new AccessLogEncoder();
    /** Used only on the writer thread (after the constructor): a reopen replaces it there. */
    private OutputStream out;
    /** Made on the writer thread at the first line, and used only there. */
    private JsonGenerator lines;
    private final boolean closeOutput;
    private final String target;
    private final Thread thread;
    private final AtomicBoolean asleep = new AtomicBoolean();
    private volatile boolean closing;
    /** Set by {@link #reopen}; the writer thread opens the file again before its next write. */
    private volatile boolean reopenAsked;
    private boolean failing;

    private BatchingWriter(OutputStream out, boolean closeOutput, String target) {
        this.out = new BufferedOutputStream(out, BUFFER_BYTES);
        this.closeOutput = closeOutput;
        this.target = target;
        this.thread = new Thread(this::run, "telltale-access-log");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Standard output as it is now (tests replace it). */
    static BatchingWriter toStdout() {
        return new BatchingWriter(System.out, false, AccessLog.STDOUT);
    }

    /** Appends to {@code path}; fails here if it cannot be opened for writing. */
    static BatchingWriter toFile(String path) {
        try {
            return new BatchingWriter(new FileOutputStream(path, true), true, path);
        } catch (FileNotFoundException e) {
            throw new IllegalStateException("cannot open access log " + path + ": " + e.getMessage(), e);
        }
    }

    /** Queues a record ({@link AccessLogEntry} or {@link HealthEvent}); never waits. */
    void accept(Object record) {
        if (closing) {
            dropped.increment();
            return;
        }
        if (!queue.offer(record)) {
            dropped.increment();
            return;
        }
        if (asleep.get() && asleep.compareAndSet(true, false)) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Opens the file again by its name, for logrotate: the lines queued so far go to the file that
     * was open, the following ones to the file now at the path. Done on the writer thread, so no
     * line is lost or torn; standard output is not reopened.
     */
    void reopen() {
        if (closeOutput) {
            reopenAsked = true;
            LockSupport.unpark(thread);
        } else {
            LOG.info("access log {}: nothing to reopen", target);
        }
    }

    /** Records dropped because the writer was a full queue behind (or closed). */
    long dropped() {
        return dropped.sum();
    }

    /** Writes what is queued, flushes, closes a file target; waits up to 5 s for a stalled output. */
    void close() {
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        int idleWakeups = 0;
        while (true) {
            boolean wrote = writeQueued();
            if (reopenAsked) {
                reopenAsked = false;
                reopenFile();
            }
            if (closing && queue.isEmpty()) {
                break;
            }
            if (wrote) {
                idleWakeups = 0;
                LockSupport.parkNanos(BATCH_NANOS);
            } else if (++idleWakeups < IDLE_WAKEUPS_BEFORE_SLEEP) {
                LockSupport.parkNanos(BATCH_NANOS);
            } else {
                sleepUntilWoken();
                idleWakeups = 0;
            }
        }
        finish();
    }

    private void sleepUntilWoken() {
        asleep.set(true);
        // A record queued before the flag was set would otherwise wait for the next one.
        if (queue.isEmpty() && !closing) {
            LockSupport.park(this);
        }
        asleep.set(false);
    }

    /** Drains the queue into the output and flushes; true when anything was written. */
    private boolean writeQueued() {
        Object record = queue.poll();
        if (record == null) {
            return false;
        }
        try {
            do {
                if (lines == null) {
                    lines = encoder.lineGenerator(out);
                }
                encoder.writeLine(record, lines);
                record = queue.poll();
            } while (record != null);
            lines.flush();
            out.flush();
            recovered();
        } catch (IOException e) {
            // This line and what is still queued are dropped: the output is failing. The
            // generator may have stopped inside a line; the next line starts a new one.
            lines = null;
            failed(e);
            dropped.increment();
            discardQueued();
        }
        return true;
    }

    private void reopenFile() {
        OutputStream next;
        try {
            next = new BufferedOutputStream(new FileOutputStream(target, true), BUFFER_BYTES);
        } catch (FileNotFoundException e) {
            LOG.warn("access log {}: cannot reopen: {}; still writing to the file that was open", target, e.getMessage());
            return;
        }
        try {
            if (lines != null) {
                lines.close(); // flushes and closes the old stream
            }
            out.close();
        } catch (IOException e) {
            failed(e);
        }
        out = next;
        lines = null;
        LOG.info("access log {}: reopened", target);
    }

    private void discardQueued() {
        while (queue.poll() != null) {
            dropped.increment();
        }
    }

    private void finish() {
        try {
            if (lines != null) {
                lines.close();
            }
            out.flush();
            if (closeOutput) {
                out.close();
            }
        } catch (IOException e) {
            failed(e);
        }
    }

    // A full disk fails every write; say so once, and once more when it clears.
    private void failed(IOException e) {
        if (!failing) {
            failing = true;
            LOG.warn("access log {}: cannot write: {}; lines are lost until it can", target, e.toString());
        }
    }

    private void recovered() {
        if (failing) {
            failing = false;
            LOG.warn("access log {}: writing again", target);
        }
    }
}
