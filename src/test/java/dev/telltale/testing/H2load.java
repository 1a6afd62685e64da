package dev.telltale.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * nghttp2's {@code h2load}, a real HTTP/2 client that multiplexes streams on one connection
 * (curl 7.88's {@code --parallel} with prior knowledge fails all but the first stream, against
 * nginx as against the proxy). Found by {@link InstalledTools}.
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
        Path h2loadPath = InstalledTools.require("h2load (nghttp2-client)", "h2load");
        // Its output goes to a file: reading a pipe to its end would wait as long as h2load hangs.
        Path output = Files.createTempFile("h2load", ".txt");
        String out;
        try {
            Process h2load = new ProcessBuilder(h2loadPath.toString(), "-n", String.valueOf(requests), "-c", "1",
                    "-m", String.valueOf(requests), url)
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            boolean finished = h2load.waitFor(60, TimeUnit.SECONDS);
            if (!finished) {
                h2load.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            out = Files.readString(output, StandardCharsets.UTF_8);
            if (!finished) {
                fail("h2load did not finish within 60 s:\n" + out);
            }
        } finally {
            Files.deleteIfExists(output);
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
