package dev.telltale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.telltale.testing.ProxyProcess;
import dev.telltale.testing.RecordingUpstream;
import dev.telltale.testing.ScriptedUpstream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad weather for a while: mixed load from several clients while the app is restarted every few
 * seconds, one route's upstream never answers, clients hang up mid-response, and the config is
 * reloaded. Afterwards nothing is lost (one access-log line per request the clients sent, every
 * non-2xx line classified), no ByteBuf leaked (the proxy runs with leak detection at paranoid),
 * and RSS, heap after a full GC and open file descriptors end within 10% of where they were after
 * warm-up. {@code TELLTALE_SOAK_SECONDS} sets the loaded time (default 40; 600 for the long run).
 */
@Tag("soak")
class SoakTest {

    private static final int CLIENTS = 6;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final AtomicBoolean running = new AtomicBoolean(true);
    private RecordingUpstream app;
    private int appPort;
    private Path config;
    private java.util.function.Function<String, String> configText;
    private int reloads;
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger cut = new AtomicInteger();
    private final AtomicInteger abandoned = new AtomicInteger();
    private final AtomicInteger unanswered = new AtomicInteger();
    /** How each unanswered request went, for the failure message. */
    private final java.util.Queue<String> unansweredWhy = new java.util.concurrent.ConcurrentLinkedQueue<>();

    @Test
    void nothingIsLostNothingLeaksAndNothingGrows() throws Exception {
        int seconds = Integer.parseInt(System.getenv().getOrDefault("TELLTALE_SOAK_SECONDS", "40"));
        try (ScriptedUpstream silent = new ScriptedUpstream(connection -> {
                 while (connection.readRequest() != null) {
                     Thread.sleep(60_000);
                 }
             });
             BigBodies big = new BigBodies()) {
            app = new RecordingUpstream("app");
            appPort = app.port();
            Path log = dir.resolve("access.log");
            config = dir.resolve("proxy.yaml");
            configText = responseHeader -> config(appPort, silent.target(), big.port(), log, responseHeader);
            Files.writeString(config, configText.apply("300ms"));
            try (ProxyProcess proxy = ProxyProcess.start(config, "-Xms96m", "-Xmx96m", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC",
                    "-Dio.netty.leakDetection.level=paranoid")) {
                int port = proxy.awaitPort();

                // Warm-up: the same weather, then the baseline at rest. The heap is touched whole from
                // the start (AlwaysPreTouch), so RSS growth afterwards is the proxy's own, not the heap's
                // pages. Code first run under load (failure pages, reloads) is compiled during the
                // warm-up, and on a slow machine that goes on past 10 s: more rounds, until RSS at rest
                // holds within 2%, so the baseline is the warm proxy's.
                badWeather(proxy, port, 10);
                Resources before = Resources.of(proxy.pid());
                for (int round = 0; round < 5; round++) {
                    badWeather(proxy, port, 6);
                    Resources again = Resources.of(proxy.pid());
                    boolean steady = again.rssKib() <= before.rssKib() * 1.02;
                    before = again;
                    if (steady) {
                        break;
                    }
                }

                badWeather(proxy, port, seconds);
                Resources after = Resources.of(proxy.pid());
                // The leak detector reports a leaked buffer when the next one is tracked, after a GC.
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    socket.setSoTimeout(10_000);
                    for (int i = 0; i < 20; i++) {
                        exchange(socket, "GET /app/after HTTP/1.1\r\nHost: a\r\n\r\n");
                    }
                }

                int sent = answered.get() + cut.get() + abandoned.get() + unanswered.get();
                List<JsonNode> lines = awaitLines(log, sent);
                List<JsonNode> requests = lines.stream().filter(line -> !line.has("type")).toList();
                long unclassified = requests.stream()
                        .filter(line -> line.get("status").asInt() >= 300 && line.get("failure").isNull()).count();
                String leaks = String.join("\n", proxy.stderr().stream()
                        .filter(l -> l.contains("LEAK") || l.contains("IllegalReferenceCount")).toList());
                List<String> errorLines = proxy.stderr().stream().filter(l -> l.contains(" ERROR ")).toList();
                long errors = errorLines.size();
                System.out.printf("soak %d s: %d requests sent (%d answered, %d cut mid-body, %d abandoned by the"
                                + " client mid-response, %d unanswered), %d access-log lines, %d non-2xx without a"
                                + " failure class, %d ERROR lines from the proxy; before %s; after %s%n", seconds, sent,
                        answered.get(), cut.get(), abandoned.get(), unanswered.get(), requests.size(), unclassified,
                        errors, before, after);
                app.close();

                assertThat(requests).hasSize(sent);
                assertThat(unansweredWhy).as("unanswered requests; the log's unexpected failures (beside %d refused"
                        + " connects while the app restarted): %s", requests.stream()
                        .filter(line -> "connection_refused".equals(line.get("failure").asText(null))).count(),
                        requests.stream().filter(line -> !line.get("failure").isNull() && !expected(line)
                                && !"connection_refused".equals(line.get("failure").asText())).toList())
                        .isEmpty();
                assertThat(unclassified).isZero();
                assertThat(leaks).isEmpty();
                assertThat(errorLines).as("ERROR lines; the proxy's stderr:%n%s", String.join("\n", proxy.stderr()))
                        .isEmpty();
                assertThat(proxy.stderr()).anyMatch(line -> line.contains("reloaded "));
                assertThat(after.rssKib()).isLessThanOrEqualTo((long) (before.rssKib() * 1.10));
                assertThat(after.heapUsedKib()).isLessThanOrEqualTo((long) (before.heapUsedKib() * 1.10));
                assertThat(after.fds()).isLessThanOrEqualTo((int) Math.ceil(before.fds() * 1.10));
            }
        }
    }

    /** The failures the weather makes on purpose: the silent route's timeouts and the abandoned downloads. */
    private static boolean expected(JsonNode line) {
        String path = line.get("path").asText();
        String failure = line.get("failure").asText();
        return path.startsWith("/silent/") && failure.equals("http_response_timeout")
                || path.startsWith("/big/") && failure.equals("client_closed");
    }

    private static String config(int appPort, String silent, int bigPort, Path log, String responseHeader) {
        return """
                listen: { address: 127.0.0.1, port: 0 }
                admin: { address: 127.0.0.1, port: 0 }
                upstreams:
                  app: { targets: [ "127.0.0.1:%d" ], pool: { idle_timeout: 1s } }
                  silent: { targets: [ "%s" ], pool: { idle_timeout: 1s } }
                  big: { targets: [ "127.0.0.1:%d" ], pool: { idle_timeout: 1s } }
                routes:
                  - name: silent
                    match: { path_prefix: /silent/ }
                    upstream: silent
                    timeouts: { response_header: %s }
                  - { name: big, match: { path_prefix: /big/ }, upstream: big }
                  - { name: app, match: { path_prefix: / }, upstream: app }
                access_log: { target: %s }
                # The incident store is bounded by design (10,000 by default, about 7 MiB of heap): a
                # small bound, reached in the warm-up, keeps its filling from hiding or faking a leak.
                incidents: { max_entries: 200 }
                """.formatted(appPort, silent, bigPort, responseHeader, log);
    }

    /**
     * Mixed load from the clients while the app restarts every 3 s and the config is reloaded
     * halfway; then the clients stop, the app is up, and idle pooled connections have retired.
     */
    private void badWeather(ProxyProcess proxy, int port, int seconds) throws Exception {
        List<Thread> clients = startClients(port);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long nextRestart = System.nanoTime() + 3_000_000_000L;
        boolean reloaded = false;
        while (System.nanoTime() < end) {
            Thread.sleep(100);
            if (System.nanoTime() > nextRestart) {
                app.close();
                Thread.sleep(300);
                app = new RecordingUpstream("app", appPort);
                nextRestart = System.nanoTime() + 3_000_000_000L;
            }
            if (!reloaded && System.nanoTime() > end - seconds * 500_000_000L) {
                reloads++;
                Files.writeString(config, configText.apply(reloads % 2 == 0 ? "300ms" : "200ms"));
                proxy.signal("HUP");
                reloaded = true;
            }
        }
        running.set(false);
        for (Thread client : clients) {
            client.join(30_000);
        }
        running.set(true);
        Thread.sleep(2_000); // idle pooled connections retire (pool.idle_timeout 1s)
    }

    private List<Thread> startClients(int port) {
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            int which = i;
            Thread client = new Thread(() -> clientLoop(port, which), "soak-client-" + i);
            client.start();
            clients.add(client);
        }
        return clients;
    }

    /** One client: keep-alive requests of several kinds, and now and then a download it abandons. */
    private void clientLoop(int port, int which) {
        int n = 0;
        Socket socket = null;
        while (running.get()) {
            n++;
            try {
                if (n % 7 == which % 7) {
                    abandonMidResponse(port);
                    continue;
                }
                if (socket == null) {
                    socket = new Socket(InetAddress.getLoopbackAddress(), port);
                    socket.setSoTimeout(10_000);
                }
                String request = switch (n % 4) {
                    case 0 -> "GET /silent/x HTTP/1.1\r\nHost: a\r\n\r\n";
                    case 1 -> "POST /app/upload HTTP/1.1\r\nHost: a\r\nContent-Length: 10000\r\n\r\n" + "x".repeat(10_000);
                    default -> "GET /app/page?n=" + n + " HTTP/1.1\r\nHost: a\r\n\r\n";
                };
                Outcome outcome = exchange(socket, request);
                if (outcome != Outcome.KEPT) {
                    socket.close();
                    socket = null;
                }
            } catch (IOException e) {
                socket = null;
            }
        }
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private enum Outcome { KEPT, CLOSED }

    /** Sends one request and reads its answer; counts it as answered, cut or unanswered. */
    private Outcome exchange(Socket socket, String request) throws IOException {
        try {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException refusedWrite) {
            throw refusedWrite; // not sent: the proxy had closed this connection before
        }
        InputStream in = socket.getInputStream();
        String head;
        try {
            head = readHead(in);
        } catch (IOException e) {
            unanswered(request, e.toString());
            return Outcome.CLOSED;
        }
        if (head == null) {
            unanswered(request, "closed by the proxy");
            return Outcome.CLOSED;
        }
        try {
            readBody(in, head);
        } catch (IOException e) {
            cut.incrementAndGet();
            return Outcome.CLOSED;
        }
        answered.incrementAndGet();
        return head.toLowerCase(Locale.ROOT).contains("\r\nconnection: close") ? Outcome.CLOSED : Outcome.KEPT;
    }

    private void abandonMidResponse(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /big/file HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            if (head == null) {
                unanswered("GET /big/file", "closed by the proxy");
                return;
            }
            in.readNBytes(1024);
            abandoned.incrementAndGet();
        } catch (IOException e) {
            unanswered("GET /big/file", e.toString());
        }
    }

    private void unanswered(String request, String why) {
        unanswered.incrementAndGet();
        unansweredWhy.add(java.time.LocalTime.now() + " " + request.substring(0, request.indexOf(' ', 5)) + ": " + why);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            int n = head.size();
            byte[] bytes = head.toByteArray();
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static void readBody(InputStream in, String head) throws IOException {
        String lower = head.toLowerCase(Locale.ROOT);
        int length = lower.indexOf("\r\ncontent-length:");
        if (length >= 0) {
            int end = lower.indexOf("\r\n", length + 2);
            long n = Long.parseLong(lower.substring(length + 17, end).trim());
            if (in.readNBytes((int) n).length < n) {
                throw new IOException("body cut short");
            }
            return;
        }
        if (lower.contains("\r\ntransfer-encoding: chunked")) {
            while (true) {
                String size = line(in);
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    return;
                }
                if (in.readNBytes(n).length < n) {
                    throw new IOException("chunk cut short");
                }
                line(in);
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b == -1) {
                throw new IOException("cut");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Waits for the log to hold {@code expected} request lines (the writer is asynchronous), then reads it. */
    private static List<JsonNode> awaitLines(Path log, int expected) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        List<JsonNode> lines;
        do {
            lines = new ArrayList<>();
            try (Stream<String> text = Files.lines(log)) {
                for (String line : text.toList()) {
                    lines.add(JSON.readTree(line));
                }
            }
            if (lines.stream().filter(line -> !line.has("type")).count() >= expected) {
                Thread.sleep(500); // and nothing more arrives
                return lines;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return lines;
    }

    /**
     * What the proxy holds at rest: RSS once freed native memory is handed back, heap after a full
     * GC, open file descriptors.
     */
    private record Resources(long rssKib, long heapUsedKib, int fds) {

        static Resources of(long pid) throws IOException, InterruptedException {
            run("jcmd", String.valueOf(pid), "GC.run");
            // glibc keeps freed native memory (the JIT's scratch space above all) and RSS counts it:
            // 10-20 MiB that comes and goes with compilation. Handed back first, RSS is what is held.
            run("jcmd", String.valueOf(pid), "System.trim_native_heap");
            String heap = run("jcmd", String.valueOf(pid), "GC.heap_info");
            long used = 0;
            java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("used (\\d+)K").matcher(heap);
            while (matcher.find()) {
                used += Long.parseLong(matcher.group(1));
            }
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            int fds;
            try (Stream<Path> open = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                fds = (int) open.count();
            }
            return new Resources(rss, used, fds);
        }

        private static String run(String... command) throws IOException, InterruptedException {
            List<String> full = new ArrayList<>(List.of(command));
            full.set(0, Path.of(System.getProperty("java.home"), "bin", command[0]).toString());
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return out;
        }

        @Override
        public String toString() {
            return "RSS " + rssKib / 1024 + " MiB, heap after GC " + heapUsedKib / 1024 + " MiB, " + fds + " fds";
        }
    }

    /** An upstream that answers every request with a 4 MiB body, in pieces. */
    private static final class BigBodies implements AutoCloseable {

        private final HttpServer server;

        BigBodies() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(200, 4 << 20);
                byte[] piece = new byte[64 * 1024];
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int i = 0; i < 64; i++) {
                        out.write(piece);
                    }
                } catch (IOException clientGone) {
                    // the proxy stopped reading: the client went away
                }
            });
            server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
