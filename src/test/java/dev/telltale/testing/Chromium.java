package dev.telltale.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Headless Chromium, as the browser tests run it: found on the PATH (skipped on a workstation
 * without it, a failure on CI, where {@code .ci/run} installs it), run to the end with a profile of
 * its own, and its log kept for the failure message.
 */
public final class Chromium {

    private static final long TIMEOUT_SECONDS = 30;

    private final Path executable;

    private Chromium(Path executable) {
        this.executable = executable;
    }

    /** The installed Chromium; the calling test is skipped (or, on CI, failed) when there is none. */
    public static Chromium find() {
        return new Chromium(InstalledTools.require("chromium", "chromium", "chromium-browser"));
    }

    /** The DOM Chromium builds from {@code url}; {@code extra} are more flags. */
    public String dumpDom(Path dir, String url, String... extra) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile(dir, "dom", ".html");
        List<String> arguments = new ArrayList<>(List.of(extra));
        arguments.add("--dump-dom");
        arguments.add(url);
        Path stderr = run(dir, stdout, arguments.toArray(String[]::new));
        String dom = Files.readString(stdout, StandardCharsets.UTF_8);
        assertThat(dom).as("the dumped DOM; chromium's log:\n" + tail(stderr)).contains("<body");
        return dom;
    }

    /** Runs Chromium to the end with {@code arguments}; returns the path of its log. */
    public Path run(Path dir, Path stdout, String... arguments) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "profile");
        Path stderr = dir.resolve(profile.getFileName() + ".log");
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            fail("chromium did not finish within " + TIMEOUT_SECONDS + "s; its log:\n" + tail(stderr));
        }
        assertThat(process.exitValue()).as("chromium's exit code; its log:\n" + tail(stderr)).isZero();
        return stderr;
    }

    /** The end of a log, for a failure message. */
    public static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    }
}
