package dev.telltale.docker;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits the {@code /events} stream into its lines, one JSON object each, as the chunks come:
 * a line may span chunks and a chunk may hold many lines. A line longer than the cap is dropped
 * whole (reported once) and the stream goes on with the next one. Copies out of the buffers it
 * is fed, so it owns no {@link ByteBuf}.
 */
final class JsonLines {

    private final int maxLine;
    private final Consumer<String> lines;
    private final Runnable tooLong;
    private byte[] line = new byte[512];
    private int length;
    private boolean dropping;

    JsonLines(int maxLine, Consumer<String> lines, Runnable tooLong) {
        this.maxLine = maxLine;
        this.lines = lines;
        this.tooLong = tooLong;
    }

    /** Reads all of {@code bytes} (the caller still releases it). */
    void feed(ByteBuf bytes) {
        int at = bytes.readerIndex();
        int end = bytes.writerIndex();
        while (at < end) {
            int newline = bytes.indexOf(at, end, (byte) '\n');
            int stop = newline < 0 ? end : newline;
            append(bytes, at, stop - at);
            if (newline < 0) {
                break;
            }
            complete();
            at = newline + 1;
        }
        bytes.readerIndex(end);
    }

    private void append(ByteBuf bytes, int from, int count) {
        if (dropping || count == 0) {
            return;
        }
        if (length + count > maxLine) {
            dropping = true;
            length = 0;
            tooLong.run();
            return;
        }
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLine, Math.max(line.length * 2, length + count)));
        }
        bytes.getBytes(from, line, length, count);
        length += count;
    }

    private void complete() {
        if (dropping) {
            dropping = false;
            return;
        }
        String text = new String(line, 0, length, StandardCharsets.UTF_8).strip();
        length = 0;
        if (line.length > 64 * 1024) {
            line = new byte[512];
        }
        if (!text.isEmpty()) {
            lines.accept(text);
        }
    }
}
