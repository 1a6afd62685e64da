package dev.telltale.config;

/**
 * {@code listen.http2}: HTTP/2 to clients. {@code tls}: offered by ALPN on a {@code listen.tls} port
 * ({@code h2} first, {@code http/1.1} kept). {@code cleartext}: h2c with prior knowledge on a plain
 * port, beside HTTP/1.1. The limits bound what one connection may ask of the proxy: streams open at
 * once, and the flow-control windows, which bound what a client may send before the proxy reads it.
 * The header list is bounded by {@code listen.max_request_header_bytes}, as an HTTP/1.1 head is.
 */
public record ListenHttp2Config(
        boolean tls,
        boolean cleartext,
        int maxConcurrentStreams,
        int initialStreamWindowBytes,
        int connectionWindowBytes) {

    /** As nginx and HAProxy: about a hundred streams; windows as the protocol's default and 1 MiB. */
    public static final ListenHttp2Config DEFAULTS = new ListenHttp2Config(true, false, 100,
            64 * (int) Sizes.KIB - 1, (int) Sizes.MIB);
}
