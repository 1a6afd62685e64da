package dev.telltale.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The proxy as a separate JVM ({@code run --config FILE}, or any command), for tests that need a
 * real process: a bounded heap, its exit code, its memory as the OS sees it, what it prints.
 */
public final class ProxyProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("telltale \\S+ listening on \\S+:(\\d+)");
    private static final Pattern ADMIN = Pattern.compile("admin listening on \\S+:(\\d+)");

    /**
     * Starts each child with the default action for the signals the tests send: a test run under
     * nohup (or a background job) would otherwise pass on HUP (or INT) ignored, and a JVM keeps an
     * ignored signal ignored.
     */
    private static final List<String> DEFAULT_SIGNALS = defaultSignalsPrefix();

    private final Process process;
    private final List<String> stderr = new ArrayList<>();
    private final List<String> stdout = new ArrayList<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final CompletableFuture<Integer> adminPort = new CompletableFuture<>();

    private final Thread stderrReader;
    /** Null unless stdout is kept. */
    private final Thread stdoutReader;

    private ProxyProcess(Process process, boolean keepStdout) {
        this.process = process;
        Thread reader = new Thread(this::readStderr, "proxy-stderr");
        this.stderrReader = reader;
        reader.setDaemon(true);
        reader.start();
        if (keepStdout) {
            Thread out = new Thread(() -> readLines(process.getInputStream(), stdout), "proxy-stdout");
            out.setDaemon(true);
            out.start();
            this.stdoutReader = out;
        } else {
            this.stdoutReader = null;
        }
    }

    /** Runs {@code Main} with {@code args} and keeps what it prints on stdout, e.g. the demo's table. */
    public static ProxyProcess command(String... args) throws IOException {
        return commandWrapped(DEFAULT_SIGNALS, args);
    }

    /** {@link #command} under a wrapper command, e.g. {@code env --ignore-signal=HUP}. */
    public static ProxyProcess commandWrapped(List<String> wrapper, String... args) throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "dev.telltale.cli.Main"));
        command.addAll(List.of(args));
        return new ProxyProcess(new ProcessBuilder(command).start(), true);
    }

    private static void readLines(java.io.InputStream from, List<String> into) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (into) {
                    into.add(line);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    public static ProxyProcess start(Path config, String... jvmOptions) throws IOException {
        return startWrapped(DEFAULT_SIGNALS, config, jvmOptions);
    }

    private static List<String> defaultSignalsPrefix() {
        List<String> prefix = List.of("env", "--default-signal=HUP,INT,TERM");
        try {
            List<String> probe = new ArrayList<>(prefix);
            probe.add("true");
            Process check = new ProcessBuilder(probe).redirectErrorStream(true).start();
            check.getInputStream().readAllBytes();
            return check.waitFor(10, TimeUnit.SECONDS) && check.exitValue() == 0 ? prefix : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** Starts the proxy under a wrapper command, e.g. {@code ip netns exec NAME}. */
    public static ProxyProcess startWrapped(List<String> wrapper, Path config, String... jvmOptions)
            throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.telltale.cli.Main",
                "run", "--config", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return new ProxyProcess(builder.start(), false);
    }

    private void readStderr() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (stderr) {
                    stderr.add(line);
                }
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    port.complete(Integer.parseInt(matcher.group(1)));
                }
                Matcher admin = ADMIN.matcher(line);
                if (admin.find()) {
                    adminPort.complete(Integer.parseInt(admin.group(1)));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        port.completeExceptionally(new IllegalStateException("proxy exited before listening: " + stderr()));
    }

    /** Waits for the listener and returns its port. */
    public int awaitPort() throws Exception {
        return port.get(30, TimeUnit.SECONDS);
    }

    public int awaitAdminPort() throws Exception {
        return adminPort.get(30, TimeUnit.SECONDS);
    }

    /** Sends a POSIX signal, e.g. {@code HUP}. */
    public void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start().waitFor();
    }

    /** Waits for the process to end by itself and returns its exit code. */
    public int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("proxy did not exit within " + seconds + "s: " + stderr());
        }
        awaitOutput();
        return process.exitValue();
    }

    /** Waits until stderr has a line containing {@code text}. */
    public String awaitStderr(String text, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            for (String line : stderr()) {
                if (line.contains(text)) {
                    return line;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no stderr line containing \"" + text + "\" in " + stderr());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Peak resident memory (VmHWM) in KiB, from /proc. */
    public long peakRssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmHWM for " + process.pid());
    }

    /** What the process printed on stdout so far; empty unless started with {@link #command}. */
    public List<String> stdout() {
        synchronized (stdout) {
            return List.copyOf(stdout);
        }
    }

    public List<String> stderr() {
        synchronized (stderr) {
            return List.copyOf(stderr);
        }
    }

    public int stopAndWait() throws InterruptedException {
        // SIGTERM through the handle: Process.destroy would also close the pipes, losing the last lines.
        process.toHandle().destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        awaitOutput();
        return process.exitValue();
    }

    /** The process has exited; its last lines may still be on their way through the pipes: the readers end at their end. */
    private void awaitOutput() throws InterruptedException {
        stderrReader.join(TimeUnit.SECONDS.toMillis(5));
        if (stdoutReader != null) {
            stdoutReader.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stopAndWait();
        }
    }
}
