package dev.telltale.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A deliberately simple HTTP/1.1 client over a plain socket: sends exactly the bytes a test
 * writes (hop-by-hop headers, odd framing, pipelining) and parses responses by the rules of
 * RFC 9112 (Content-Length, chunked, or close-delimited). One instance is one connection.
 */
public final class RawHttpClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawHttpClient(int port) throws IOException {
        this(connected(port));
    }

    /** Over a socket the test set up itself, e.g. a TLS one. */
    public RawHttpClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(15_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    private static Socket connected(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return socket;
    }

    public RawHttpClient send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    public RawHttpClient send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
        return this;
    }

    public OutputStream output() {
        return out;
    }

    public InputStream input() {
        return in;
    }

    public Socket socket() {
        return socket;
    }

    /** Reads one response; {@code headRequest} means a response to HEAD (no body). */
    public RawResponse read(boolean headRequest) throws IOException {
        String statusLine = readLine();
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        List<String[]> headers = new ArrayList<>();
        String line;
        while ((line = readLine()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
        }
        RawResponse head = new RawResponse(statusLine, status, headers, new byte[0]);
        byte[] body;
        if (headRequest || status / 100 == 1 || status == 204 || status == 304) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
            body = readChunked();
        } else if (head.header("content-length") != null) {
            body = in.readNBytes(Integer.parseInt(head.header("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new RawResponse(statusLine, status, headers, body);
    }

    public RawResponse read() throws IOException {
        return read(false);
    }

    /** Sends one request and reads its response. */
    public RawResponse exchange(String raw) throws IOException {
        send(raw);
        return read(raw.startsWith("HEAD "));
    }

    /** True when the proxy closed this connection (read returns end of stream). */
    public boolean closedByPeer() throws IOException {
        try {
            return in.read() == -1;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
            if (size == 0) {
                String trailer;
                while ((trailer = readLine()) != null && !trailer.isEmpty()) {
                    // trailers are ignored
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            readLine();
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A parsed response. Header lookup is case-insensitive. */
    public record RawResponse(String statusLine, int status, List<String[]> headers, byte[] body) {

        public String header(String name) {
            for (String[] header : headers) {
                if (header[0].toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    return header[1];
                }
            }
            return null;
        }

        public List<String> headerValues(String name) {
            List<String> values = new ArrayList<>();
            for (String[] header : headers) {
                if (header[0].equalsIgnoreCase(name)) {
                    values.add(header[1]);
                }
            }
            return values;
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
