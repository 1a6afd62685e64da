package dev.telltale.accesslog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class AccessLogTest {

    private final AccessLogEncoder encoder = new AccessLogEncoder();

    @TempDir
    Path dir;

    @Test
    void fileTargetHoldsExactlyTheWrittenLinesAfterClose() throws IOException {
        Path file = dir.resolve("access.log");
        List<String> expected = new ArrayList<>();

        try (AccessLog log = AccessLog.open(file.toString())) {
            for (int i = 0; i < 3; i++) {
                AccessLogEntry entry = SampleEntries.full("r-" + i);
                log.write(entry);
                expected.add(encoder.encode(entry));
            }
        }

        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    /** What tail -f shows during an incident: every line whole, with its newline, without a close. */
    @Test
    void linesReachTheFileWholeWhileTheLogStaysOpen() throws Exception {
        Path file = dir.resolve("access.log");
        try (AccessLog log = AccessLog.open(file.toString())) {
            String first = encoder.encode(SampleEntries.full("r-1"));
            log.write(SampleEntries.full("r-1"));
            assertThat(awaitContent(file, first + "\n")).isEqualTo(first + "\n");
            // A second batch, after the writer has flushed the first, goes on the same line generator.
            String second = encoder.encode(SampleEntries.minimal());
            log.write(SampleEntries.minimal());
            assertThat(awaitContent(file, first + "\n" + second + "\n")).isEqualTo(first + "\n" + second + "\n");
        }
    }

    private static String awaitContent(Path file, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String content = Files.readString(file);
        while (!content.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            content = Files.readString(file);
        }
        return content;
    }

    @Test
    void fileTargetAppendsToAnExistingLog() throws IOException {
        Path file = dir.resolve("access.log");
        Files.writeString(file, "earlier\n");

        try (AccessLog log = AccessLog.open(file.toString())) {
            log.write(SampleEntries.full("r-1"));
        }

        assertThat(Files.readAllLines(file))
                .containsExactly("earlier", encoder.encode(SampleEntries.full("r-1")));
    }

    @Test
    void linesFromManyThreadsAreAllWrittenByClose() throws Exception {
        Path file = dir.resolve("access.log");
        int threads = 4;
        int perThread = 2_000;

        try (AccessLog log = AccessLog.open(file.toString())) {
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread writer = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        log.write(SampleEntries.full(id + "-" + i));
                    }
                });
                writer.start();
                writers.add(writer);
            }
            for (Thread writer : writers) {
                writer.join();
            }
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(threads * perThread).doesNotHaveDuplicates();
        assertThat(lines).allSatisfy(line -> CapturedLines.parse(line));
    }

    @Test
    void missingDirectoryFailsAtOpen() {
        Path file = dir.resolve("no-such-dir").resolve("access.log");

        assertThatThrownBy(() -> AccessLog.open(file.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not exist");
        assertThat(dir.resolve("no-such-dir")).doesNotExist();
    }

    @Test
    void unwritableTargetFailsAtOpen() {
        // A directory cannot be opened as the log file.
        assertThatThrownBy(() -> AccessLog.open(dir.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot open access log");
    }

    @Test
    void stdoutTargetWritesLinesToStandardOutput() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (AccessLog log = AccessLog.open(AccessLog.STDOUT)) {
            log.write(SampleEntries.full("r-1"));
            log.write(SampleEntries.minimal());
        } finally {
            System.setOut(original);
        }

        assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo(
                encoder.encode(SampleEntries.full("r-1")) + System.lineSeparator()
                        + encoder.encode(SampleEntries.minimal()) + System.lineSeparator());
    }

    @Test
    void writeNeverWaitsForAStalledOutput() {
        CountDownLatch release = new CountDownLatch(1);
        PrintStream original = System.out;
        System.setOut(new PrintStream(new StalledOutput(release), true, StandardCharsets.UTF_8));
        try (AccessLog log = AccessLog.open(AccessLog.STDOUT)) {
            // More lines than the queue holds: the overflow is dropped and counted, the caller never waits.
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                for (int i = 0; i < 40_000; i++) {
                    log.write(SampleEntries.full("r-" + i));
                }
            });
            // At most a full queue and the batch the writer took before stalling got through.
            assertThat(log.droppedLines()).isGreaterThanOrEqualTo(40_000 - 2L * BatchingWriter.QUEUE_SIZE);
            release.countDown();
        } finally {
            release.countDown();
            System.setOut(original);
        }
    }

    @Test
    void sinkTargetReceivesEachEncodedLine() {
        CapturedLines lines = new CapturedLines();

        try (AccessLog log = lines.accessLog()) {
            log.write(SampleEntries.full("r-1"));
        }

        assertThat(lines.awaitLines(1, Duration.ofSeconds(1)))
                .containsExactly(encoder.encode(SampleEntries.full("r-1")));
        assertThat(lines.awaitFirstEntry(Duration.ofSeconds(1)).get("request_id").asText()).isEqualTo("r-1");
    }

    /** An output whose writes hang until released, like a stdout pipe nobody reads. */
    private static final class StalledOutput extends OutputStream {
        private final CountDownLatch release;

        StalledOutput(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
