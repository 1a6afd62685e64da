package dev.telltale.http2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An HTTP/2 request head as the HTTP/1.1 head that means the same (RFC 9113 8.3.1): the request
 * line from {@code :method} and {@code :path} ({@code :authority} for CONNECT), {@code Host} from
 * {@code :authority}, the cookie fields joined into one, and {@code Transfer-Encoding: chunked} when
 * a body follows with no Content-Length. A field that could not be written as one HTTP/1.1 line
 * (CR, LF or NUL in it), a missing pseudo-header, or a Host that names another authority makes the
 * request malformed.
 */
final class Http1Request {

    private static final AsciiString COOKIE = AsciiString.cached("cookie");
    private static final AsciiString HOST = AsciiString.cached("host");
    private static final AsciiString CONTENT_LENGTH = AsciiString.cached("content-length");
    private static final AsciiString CONNECT = AsciiString.cached("CONNECT");
    private static final AsciiString HEAD = AsciiString.cached("HEAD");

    private final Http2Headers headers;
    private final boolean chunked;
    private final String malformed;

    private Http1Request(Http2Headers headers, boolean chunked, String malformed) {
        this.headers = headers;
        this.chunked = chunked;
        this.malformed = malformed;
    }

    /** The request whose head is {@code headers}; {@code endStream}: no body follows. */
    static Http1Request of(Http2Headers headers, boolean endStream) {
        CharSequence method = headers.method();
        CharSequence target = CONNECT.contentEquals(method) ? headers.authority() : headers.path();
        if (method == null || target == null || !token(method) || !requestTarget(target)) {
            return new Http1Request(headers, false, "no usable :method and :path");
        }
        CharSequence authority = headers.authority();
        CharSequence host = headers.get(HOST);
        if (authority != null && host != null && !AsciiString.contentEqualsIgnoreCase(authority, host)) {
            return new Http1Request(headers, false, "host names another authority than :authority");
        }
        for (Map.Entry<CharSequence, CharSequence> field : headers) {
            if (!safeField(field.getKey(), field.getValue())) {
                return new Http1Request(headers, false, "a field with CR, LF or NUL");
            }
        }
        return new Http1Request(headers, !endStream && !headers.contains(CONTENT_LENGTH), null);
    }

    /** Why the request cannot be read, or null. */
    String malformed() {
        return malformed;
    }

    boolean chunked() {
        return chunked;
    }

    boolean headMethod() {
        return HEAD.contentEquals(headers.method());
    }

    /** The head as HTTP/1.1 bytes. */
    ByteBuf write(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(256);
        boolean connect = CONNECT.contentEquals(headers.method());
        ascii(out, headers.method()).writeByte(' ');
        ascii(out, connect ? headers.authority() : headers.path());
        out.writeCharSequence(" HTTP/1.1\r\n", StandardCharsets.US_ASCII);
        CharSequence authority = headers.authority();
        if (authority != null) {
            Http1Body.line(out, HOST, authority);
        }
        StringBuilder cookies = null;
        for (Map.Entry<CharSequence, CharSequence> field : headers) {
            CharSequence name = field.getKey();
            if (name.length() > 0 && name.charAt(0) == ':' || authority != null && HOST.contentEquals(name)) {
                continue;
            }
            if (COOKIE.contentEquals(name)) {
                cookies = cookies == null ? new StringBuilder() : cookies.append("; ");
                cookies.append(field.getValue());
            } else {
                Http1Body.line(out, name, field.getValue());
            }
        }
        if (cookies != null) {
            Http1Body.line(out, COOKIE, cookies);
        }
        if (chunked) {
            out.writeCharSequence("transfer-encoding: chunked\r\n", StandardCharsets.US_ASCII);
        }
        out.writeByte('\r').writeByte('\n');
        return out;
    }

    /** True when the field can be one HTTP/1.1 line: no CR, LF or NUL in its name or value. */
    static boolean safeField(CharSequence name, CharSequence value) {
        return safe(name) && safe(value);
    }

    private static boolean safe(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean token(CharSequence text) {
        if (text.length() == 0) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** A request target has no space or control character; the HTTP/1.1 reader judges the rest. */
    private static boolean requestTarget(CharSequence text) {
        return token(text);
    }

    private static ByteBuf ascii(ByteBuf out, CharSequence text) {
        out.writeCharSequence(text, StandardCharsets.US_ASCII);
        return out;
    }
}
