package dev.telltale.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream made of plain sockets that follows a script per connection, for behaviours a real
 * HTTP server would never show: closing a kept-alive connection as a request arrives, odd
 * keep-alive hints, stalls. Each accepted connection runs its script on its own thread.
 */
public final class ScriptedUpstream implements AutoCloseable {

    /** What to do with one accepted connection. */
    @FunctionalInterface
    public interface Script {
        void serve(Connection connection) throws Exception;
    }

    private final ServerSocket server;
    private final Script script;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    public ScriptedUpstream(Script script) throws IOException {
        this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        this.script = script;
        Thread acceptor = new Thread(this::acceptLoop, "scripted-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                int index = connections.incrementAndGet();
                Thread worker = new Thread(() -> {
                    try (socket) {
                        script.serve(new Connection(socket, index));
                    } catch (Exception e) {
                        // the peer went away or the script ended the connection
                    }
                }, "scripted-upstream-" + index);
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    public String target() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Request heads read by scripts so far. */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }

    /** One accepted connection, as the script sees it. */
    public final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final int index;

        Connection(Socket socket, int index) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.index = index;
        }

        /** 1 for the first connection accepted, 2 for the second, ... */
        public int index() {
            return index;
        }

        /** Reads a request head and its Content-Length body; null when the peer closed first. */
        public String readRequest() throws IOException {
            String text = readHead();
            if (text == null) {
                return null;
            }
            for (String line : text.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    in.readNBytes(Integer.parseInt(line.substring(15).trim()));
                }
            }
            return text;
        }

        /** Reads a request head only, leaving its body unread; null when the peer closed first. */
        public String readHead() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                head.write(b);
                if (head.size() >= 4 && head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    break;
                }
            }
            if (b == -1) {
                return null;
            }
            requests.incrementAndGet();
            return head.toString(StandardCharsets.ISO_8859_1);
        }

        /** Reads exactly {@code length} bytes of a body. */
        public byte[] readExactly(int length) throws IOException {
            return in.readNBytes(length);
        }

        /** Reads whatever bytes arrive next, up to {@code max}; empty when the peer closed. */
        public byte[] readSome(int max) throws IOException {
            byte[] buffer = new byte[max];
            int n = in.read(buffer);
            return n <= 0 ? new byte[0] : java.util.Arrays.copyOf(buffer, n);
        }

        public void write(String raw) throws IOException {
            socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        }

        /** A 200 with a short body, framed for keep-alive, plus any extra header lines. */
        public void respondOk(String body, String... extraHeaders) throws IOException {
            StringBuilder response = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Length: ")
                    .append(body.length()).append("\r\n");
            for (String header : extraHeaders) {
                response.append(header).append("\r\n");
            }
            write(response.append("\r\n").append(body).toString());
        }

        public void close() throws IOException {
            socket.close();
        }

        /** A read waits at most this long, then throws {@link java.net.SocketTimeoutException}. */
        public void readTimeout(int millis) throws IOException {
            socket.setSoTimeout(millis);
        }

        /** Closes with a reset (RST) rather than a FIN. */
        public void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }
    }
}
