package dev.telltale.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An upstream on plain sockets that records each request it receives, as an application would
 * read it (request line and de-chunked body), and answers each with a fixed response, or with
 * raw bytes set by the test (for hostile responses). A request it cannot read is recorded as
 * {@code unreadable} and the connection is closed.
 */
public final class CaptureUpstream implements AutoCloseable {

    /** One request as the application saw it. */
    public record Seen(String requestLine, String body) {
        @Override
        public String toString() {
            return requestLine + (body.isEmpty() ? "" : " body=" + printable(body));
        }
    }

    /** Control bytes written as hex escapes, so that a table row stays one line. */
    public static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return out.toString();
    }

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok";

    private final ServerSocket server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final byte[] ok = OK.getBytes(StandardCharsets.ISO_8859_1);
    private final AtomicReference<byte[]> response = new AtomicReference<>(ok);

    public CaptureUpstream() throws IOException {
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "capture-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Forgets what was seen; later requests get {@code raw} (null: the plain 200 again). */
    public void reset(byte[] raw) {
        seen.clear();
        response.set(raw != null ? raw : ok);
    }

    public List<Seen> seen() {
        return new ArrayList<>(seen);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                Thread serve = new Thread(() -> serve(socket), "capture-upstream-conn");
                serve.setDaemon(true);
                serve.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                Seen request = read(in);
                if (request == null) {
                    return;
                }
                seen.add(request);
                if (request.requestLine().equals("unreadable")) {
                    return;
                }
                byte[] answer = response.get();
                out.write(answer);
                out.flush();
                if (answer != ok) {
                    return; // a hostile answer is the connection's last, so it cannot leak into the next case
                }
            }
        } catch (IOException gone) {
            // the proxy closed the connection
        } finally {
            open.remove(socket);
        }
    }

    /** The next request, null at a clean end of stream, {@code unreadable} when it cannot be framed. */
    private static Seen read(InputStream in) throws IOException {
        String requestLine = line(in);
        if (requestLine == null) {
            return null;
        }
        long length = 0;
        boolean chunked = false;
        String header;
        while ((header = line(in)) != null && !header.isEmpty()) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                return unreadable();
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                try {
                    length = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    return unreadable();
                }
            } else if (name.equals("transfer-encoding")) {
                chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
            }
        }
        if (header == null) {
            return unreadable();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            while (true) {
                String size = line(in);
                if (size == null) {
                    return unreadable();
                }
                int semicolon = size.indexOf(';');
                int n;
                try {
                    n = Integer.parseInt((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
                } catch (NumberFormatException e) {
                    return unreadable();
                }
                if (n == 0) {
                    while ((header = line(in)) != null && !header.isEmpty()) {
                        // trailers
                    }
                    break;
                }
                body.write(in.readNBytes(n));
                line(in);
            }
        } else if (length > 0) {
            body.write(in.readNBytes((int) Math.min(length, 1 << 20)));
        }
        return new Seen(requestLine, body.toString(StandardCharsets.ISO_8859_1));
    }

    private static Seen unreadable() {
        return new Seen("unreadable", "");
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
