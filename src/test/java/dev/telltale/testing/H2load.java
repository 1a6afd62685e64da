package dev.telltale.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * nghttp2's {@code h2load}, a real HTTP/2 client that multiplexes streams on one connection
 * (curl 7.88's {@code --parallel} with prior knowledge fails all but the first stream, against
 * nginx as against the proxy). Skipped without it; failed without it on CI, where {@code .ci/run}
 * installs it.
 */
public final class H2load {

    private static final Pattern DONE = Pattern.compile("requests: (\\d+) total, \\d+ started, \\d+ done, (\\d+) succeeded");
    private static final Pattern DATA = Pattern.compile("traffic: .*, [^,]*\\((\\d+)\\) data");

    /** What one run said: requests that succeeded, and the response bodies' bytes. */
    public record Result(int requests, int succeeded, long dataBytes, String output) {
    }

    private H2load() {
    }

    /** {@code requests} GETs of {@code url}, all at once on one h2c connection (prior knowledge). */
    public static Result oneConnection(String url, int requests) throws IOException, InterruptedException {
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "h2load"))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty() && "true".equals(System.getenv("CI"))) {
            fail("h2load is not installed, and CI=true: .ci/run should have installed it");
        }
        assumeTrue(found.isPresent(), "h2load (nghttp2-client) is not installed; skipping");
        Process h2load = new ProcessBuilder(found.get().toString(), "-n", String.valueOf(requests), "-c", "1",
                "-m", String.valueOf(requests), url)
                .redirectErrorStream(true).start();
        String out = new String(h2load.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!h2load.waitFor(60, TimeUnit.SECONDS)) {
            h2load.destroyForcibly();
            fail("h2load did not finish:\n" + out);
        }
        Matcher done = DONE.matcher(out);
        Matcher data = DATA.matcher(out);
        if (!done.find() || !data.find()) {
            fail("h2load's summary did not read as expected:\n" + out);
        }
        return new Result(Integer.parseInt(done.group(1)), Integer.parseInt(done.group(2)),
                Long.parseLong(data.group(1)), out);
    }
}
