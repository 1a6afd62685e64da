package dev.telltale.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** curl as a real client: one request, its protocol version, status, headers (last response) and body. */
public final class Curl {

    private Curl() {
    }

    /** What curl got. Header names are lower case; for several values of one name, the last. */
    public record Result(String httpVersion, int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Runs curl with {@code args} (its URL among them), silent but for errors, within 20 seconds. */
    public static Result run(String... args) throws IOException, InterruptedException {
        Path headers = Files.createTempFile("curl-headers", ".txt");
        Path body = Files.createTempFile("curl-body", ".bin");
        try {
            List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "15",
                    "-D", headers.toString(), "-o", body.toString(), "-w", "%{http_version} %{http_code}"));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("curl did not finish: " + command);
            }
            String[] versionAndStatus = out.substring(out.lastIndexOf('\n') + 1).split(" ");
            if (process.exitValue() != 0 || versionAndStatus.length != 2) {
                throw new IOException("curl failed (exit " + process.exitValue() + "): " + out);
            }
            return new Result(versionAndStatus[0], Integer.parseInt(versionAndStatus[1]),
                    lastHeaders(Files.readAllLines(headers, StandardCharsets.ISO_8859_1)),
                    Files.readString(body, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(headers);
            Files.deleteIfExists(body);
        }
    }

    private static Map<String, String> lastHeaders(List<String> lines) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.startsWith("HTTP/")) {
                headers.clear(); // an interim response's headers are not the final one's
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return headers;
    }
}
