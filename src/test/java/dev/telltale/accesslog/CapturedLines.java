package dev.telltale.accesslog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Collects access-log lines in memory so that tests can read what the proxy logged. Lines
 * arrive on event-loop threads; tests wait for them with {@link #awaitLines}.
 */
public final class CapturedLines implements Consumer<String> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> lines = new ArrayList<>();

    /** An access log that writes into this capture. */
    public AccessLog accessLog() {
        return AccessLog.to(this);
    }

    @Override
    public synchronized void accept(String line) {
        lines.add(line);
        notifyAll();
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    public synchronized void clear() {
        lines.clear();
    }

    /** Waits until at least {@code count} lines arrived; returns all lines so far. */
    public synchronized List<String> awaitLines(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (lines.size() < count) {
                long leftMs = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
                if (leftMs <= 0) {
                    throw new AssertionError("expected " + count + " access-log lines within "
                            + timeout + " but got " + lines.size() + ": " + lines);
                }
                wait(leftMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for access-log lines", e);
        }
        return List.copyOf(lines);
    }

    /** Like {@link #awaitLines}, each line parsed as JSON. */
    public List<JsonNode> awaitEntries(int count, Duration timeout) {
        List<JsonNode> entries = new ArrayList<>();
        for (String line : awaitLines(count, timeout)) {
            entries.add(parse(line));
        }
        return entries;
    }

    /** Waits for the first line and returns it parsed. */
    public JsonNode awaitFirstEntry(Duration timeout) {
        return awaitEntries(1, timeout).get(0);
    }

    /** Waits for the first line of a request (event lines, such as a target going down, have no request ID). */
    public synchronized JsonNode awaitRequestEntry(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (true) {
            List<String> now = awaitLines(seen + 1, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            for (; seen < now.size(); seen++) {
                JsonNode entry = parse(now.get(seen));
                if (entry.has("request_id")) {
                    return entry;
                }
            }
        }
    }

    static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new AssertionError("access-log line is not JSON: " + line, e);
        }
    }
}
