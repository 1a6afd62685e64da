package dev.telltale.testing;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Exception;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A scripted HTTP/2 client over h2c with prior knowledge, for what real clients will not do: its
 * frames are written byte by byte, with header blocks as HPACK literals (no table, no Huffman), so a
 * test can send a reset at any moment, a flood of them, or a field no library would let through.
 */
public final class RawH2Client implements AutoCloseable {

    public static final int DATA = 0;
    public static final int HEADERS = 1;
    public static final int RST_STREAM = 3;
    public static final int SETTINGS = 4;
    public static final int GOAWAY = 7;
    public static final int CONTINUATION = 9;
    public static final int END_STREAM = 0x1;
    private static final int END_HEADERS = 0x4;
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** One frame as it came: its type, flags, stream and payload; a HEADERS frame's fields decoded. */
    public record Frame(int type, int flags, int stream, byte[] payload, Map<String, String> fields) {
        public boolean endStream() {
            return (flags & END_STREAM) != 0;
        }

        /** The error code of a RST_STREAM or GOAWAY frame. */
        public long errorCode() {
            int at = type == GOAWAY ? 4 : 0;
            return ((payload[at] & 0xffL) << 24) | ((payload[at + 1] & 0xff) << 16) | ((payload[at + 2] & 0xff) << 8)
                    | (payload[at + 3] & 0xff);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final DefaultHttp2HeadersDecoder hpack = new DefaultHttp2HeadersDecoder(false);

    /** Connects and sends the preface and an empty SETTINGS frame. */
    public RawH2Client(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
        out.write(PREFACE);
        frame(SETTINGS, 0, 0, new byte[0]);
    }

    /** A HEADERS frame with {@code fields} as name, value pairs, pseudo-headers first. */
    public void headers(int stream, boolean endStream, String... fields) throws IOException {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        for (int i = 0; i < fields.length; i += 2) {
            block.write(0); // literal without indexing, new name
            literal(block, fields[i].getBytes(StandardCharsets.ISO_8859_1));
            literal(block, fields[i + 1].getBytes(StandardCharsets.ISO_8859_1));
        }
        frame(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), stream, block.toByteArray());
    }

    /** A GET of {@code path} on {@code stream}, with no body. */
    public void get(int stream, String path) throws IOException {
        headers(stream, true, ":method", "GET", ":scheme", "http", ":authority", "a", ":path", path);
    }

    /** A HEADERS frame that does not end the header block (no END_HEADERS): CONTINUATION frames must follow. */
    public void headersUnfinished(int stream, String name, String value) throws IOException {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(0);
        literal(block, name.getBytes(StandardCharsets.ISO_8859_1));
        literal(block, value.getBytes(StandardCharsets.ISO_8859_1));
        frame(HEADERS, 0, stream, block.toByteArray());
    }

    /** An empty CONTINUATION frame that does not end the header block: the flood CVE-2024-27316 is made of. */
    public void emptyContinuation(int stream) throws IOException {
        frame(CONTINUATION, 0, stream, new byte[0]);
    }

    /** GOAWAY from the client, naming no stream of the server's. */
    public void goAway(long code) throws IOException {
        frame(GOAWAY, 0, 0, new byte[] {0, 0, 0, 0, (byte) (code >> 24), (byte) (code >> 16), (byte) (code >> 8),
            (byte) code});
    }

    public void reset(int stream, long code) throws IOException {
        frame(RST_STREAM, 0, stream, new byte[] {(byte) (code >> 24), (byte) (code >> 16), (byte) (code >> 8),
            (byte) code});
    }

    /** A DATA frame on {@code stream}. */
    public void data(int stream, boolean endStream, byte[] payload) throws IOException {
        frame(DATA, endStream ? END_STREAM : 0, stream, payload);
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** The frames the server sends until it closes the connection, sends GOAWAY, or {@code millis} pass quietly. */
    public List<Frame> readUntilGoAwayOrClose(int millis) throws IOException {
        return readUntil(frame -> frame.type() == GOAWAY, millis);
    }

    /** The frames the server sends up to the first that {@code last} accepts, or until it closes or {@code millis} pass quietly. */
    public List<Frame> readUntil(Predicate<Frame> last, int millis) throws IOException {
        List<Frame> frames = new ArrayList<>();
        socket.setSoTimeout(millis);
        try {
            while (true) {
                int length = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
                int type = in.readUnsignedByte();
                int flags = in.readUnsignedByte();
                int stream = in.readInt() & 0x7fffffff;
                byte[] payload = new byte[length];
                in.readFully(payload);
                Frame frame = new Frame(type, flags, stream, payload, type == HEADERS ? decode(stream, payload) : null);
                frames.add(frame);
                if (type == SETTINGS && (flags & 0x1) == 0) {
                    frame(SETTINGS, 0x1, 0, new byte[0]); // ACK
                }
                if (last.test(frame)) {
                    return frames;
                }
            }
        } catch (EOFException | SocketTimeoutException | java.net.SocketException end) {
            return frames;
        }
    }

    /** Decoded in the order they came, as HPACK's table requires; the header blocks here fit one frame. */
    private Map<String, String> decode(int stream, byte[] payload) throws IOException {
        try {
            Map<String, String> fields = new LinkedHashMap<>();
            for (Map.Entry<CharSequence, CharSequence> field
                    : hpack.decodeHeaders(stream, Unpooled.wrappedBuffer(payload))) {
                fields.put(field.getKey().toString(), field.getValue().toString());
            }
            return fields;
        } catch (Http2Exception e) {
            throw new IOException("the server's header block does not decode", e);
        }
    }

    private void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        byte[] head = {(byte) (payload.length >> 16), (byte) (payload.length >> 8), (byte) payload.length,
            (byte) type, (byte) flags, (byte) (stream >> 24), (byte) (stream >> 16), (byte) (stream >> 8),
            (byte) stream};
        out.write(head);
        out.write(payload);
    }

    /**
     * How each field of a header block that fits one frame is represented (RFC 7541 6), in the
     * order they come: "indexed", "incremental" (added to the table), "without" (indexing) or
     * "never" (indexed). Table size updates are not fields and are skipped.
     */
    public static List<String> representations(byte[] block) {
        List<String> kinds = new ArrayList<>();
        int[] at = {0};
        while (at[0] < block.length) {
            int first = block[at[0]] & 0xff;
            if ((first & 0x80) != 0) {
                integer(block, at, 7);
                kinds.add("indexed");
            } else if ((first & 0xc0) == 0x40) {
                literalField(block, at, 6);
                kinds.add("incremental");
            } else if ((first & 0xe0) == 0x20) {
                integer(block, at, 5);
            } else {
                literalField(block, at, 4);
                kinds.add((first & 0xf0) == 0x10 ? "never" : "without");
            }
        }
        return kinds;
    }

    private static void literalField(byte[] block, int[] at, int prefixBits) {
        if (integer(block, at, prefixBits) == 0) {
            skipString(block, at); // a name of its own
        }
        skipString(block, at);
    }

    private static void skipString(byte[] block, int[] at) {
        int length = integer(block, at, 7); // read first: it moves at[0]
        at[0] += length;
    }

    /** RFC 7541 5.1: an integer with an N-bit prefix at {@code at[0]}, which is moved past it. */
    private static int integer(byte[] block, int[] at, int prefixBits) {
        int mask = (1 << prefixBits) - 1;
        int value = block[at[0]++] & mask;
        if (value < mask) {
            return value;
        }
        int shift = 0;
        int next;
        do {
            next = block[at[0]++] & 0xff;
            value += (next & 0x7f) << shift;
            shift += 7;
        } while ((next & 0x80) != 0);
        return value;
    }

    /** An HPACK string literal, not Huffman-coded: its length as a 7-bit-prefix integer, then its bytes. */
    private static void literal(ByteArrayOutputStream block, byte[] bytes) {
        int length = bytes.length;
        if (length < 127) {
            block.write(length);
        } else {
            block.write(127);
            length -= 127;
            while (length >= 128) {
                block.write((length & 0x7f) | 0x80);
                length >>>= 7;
            }
            block.write(length);
        }
        block.write(bytes, 0, bytes.length);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
