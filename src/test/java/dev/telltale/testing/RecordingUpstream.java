package dev.telltale.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A well-behaved upstream for forwarding tests (the JDK's own HTTP/1.1 server, keep-alive on),
 * which records every request it received and from which client port, so tests can check what
 * the proxy really sent and how many connections it used.
 *
 * <p>Paths: {@code /echo...} answers with the request described as text and the body echoed;
 * {@code /chunked} streams its answer chunked; anything else answers {@code name:path}.
 */
public final class RecordingUpstream implements AutoCloseable {

    private final HttpServer server;
    private final String name;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

    /** What the upstream saw of one request. Header names are lower case. */
    public record Received(String method, String uri, Map<String, List<String>> headers, byte[] body, int clientPort) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null ? null : String.join(",", values);
        }
    }

    public RecordingUpstream(String name) throws IOException {
        this(name, 0);
    }

    /** On a given port, e.g. to bring a target back where the proxy expects it. */
    public RecordingUpstream(String name, int port) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 100);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "upstream-" + name);
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
        int clientPort = exchange.getRemoteAddress().getPort();
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body,
                clientPort));
        clientPorts.add(clientPort);
        String path = exchange.getRequestURI().getPath();
        exchange.getResponseHeaders().add("Connection", "x-upstream-hop");
        exchange.getResponseHeaders().add("X-Upstream-Hop", "must not reach the client");
        exchange.getResponseHeaders().add("X-Upstream", name);
        if (path.startsWith("/echo")) {
            exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
            respond(exchange, 200, body.length == 0 ? (exchange.getRequestMethod() + " " + exchange.getRequestURI())
                    .getBytes(StandardCharsets.UTF_8) : body, false);
        } else if (path.startsWith("/chunked")) {
            respond(exchange, 200, ("chunked answer from " + name).getBytes(StandardCharsets.UTF_8), true);
        } else if (path.startsWith("/slow/")) {
            sleep(Long.parseLong(path.substring("/slow/".length())));
            respond(exchange, 200, ("slow answer from " + name).getBytes(StandardCharsets.UTF_8), false);
        } else if (path.startsWith("/status/")) {
            int status = Integer.parseInt(path.substring("/status/".length()));
            respond(exchange, status, ("status " + status).getBytes(StandardCharsets.UTF_8), false);
        } else {
            respond(exchange, 200, (name + ":" + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8), false);
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body, boolean chunked) throws IOException {
        boolean noBody = exchange.getRequestMethod().equals("HEAD") || status == 204 || status == 304;
        exchange.sendResponseHeaders(status, noBody ? -1 : chunked ? 0 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String target() {
        return "127.0.0.1:" + port();
    }

    public List<Received> received() {
        return received;
    }

    /** Waits up to {@code timeout} for {@code count} requests to have arrived; false if they did not. */
    public boolean awaitRequests(int count, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    public Received last() {
        return received.get(received.size() - 1);
    }

    /** How many distinct TCP connections the proxy opened to this upstream. */
    public int connectionsSeen() {
        return clientPorts.size();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
