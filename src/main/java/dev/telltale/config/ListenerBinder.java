package dev.telltale.config;

import java.nio.file.Path;
import java.util.List;

/** Binds the two listeners: {@code listen} (clients) and {@code admin}. */
final class ListenerBinder {

    static final List<String> LISTEN_KEYS = List.of("address", "port", "tls", "client_header_timeout",
            "keepalive_timeout", "max_connections", "max_request_header_bytes", "max_request_body_bytes", "http2");
    static final List<String> HTTP2_KEYS = List.of("tls", "cleartext", "max_concurrent_streams",
            "initial_stream_window_bytes", "connection_window_bytes");
    static final List<String> TLS_KEYS = List.of("cert", "key");
    static final List<String> ADMIN_KEYS = List.of("address", "port", "allow_remote");

    static final ValueType<String> ADDRESS =
            ValueType.of("an IP address or host name (examples: 0.0.0.0, 127.0.0.1, ::)", HostSyntax::bindAddress);

    private ListenerBinder() {
    }

    static ListenConfig listen(MapReader m) {
        ListenConfig d = ListenConfig.DEFAULTS;
        return new ListenConfig(
                m.value("address", d.address(), ADDRESS),
                m.value("port", d.port(), ValueType.port(0)),
                tls(m.section("tls", TLS_KEYS)),
                m.value("client_header_timeout", d.clientHeaderTimeout(), ValueType.DURATION),
                m.value("keepalive_timeout", d.keepaliveTimeout(), ValueType.DURATION),
                m.value("max_connections", d.maxConnections(), ValueType.integer(1, Integer.MAX_VALUE)),
                m.value("max_request_header_bytes", d.maxRequestHeaderBytes(), ValueType.sizeFrom(1)),
                m.value("max_request_body_bytes", d.maxRequestBodyBytes(), ValueType.SIZE),
                http2(m.section("http2", HTTP2_KEYS)));
    }

    private static ListenHttp2Config http2(MapReader m) {
        ListenHttp2Config d = ListenHttp2Config.DEFAULTS;
        // A window below the protocol's default of 65,535 bytes would stall ordinary clients; 2^31-1 is its most.
        ValueType<Long> window = ValueType.sizeFrom(65_535);
        return new ListenHttp2Config(
                m.value("tls", d.tls(), ValueType.BOOLEAN),
                m.value("cleartext", d.cleartext(), ValueType.BOOLEAN),
                m.value("max_concurrent_streams", d.maxConcurrentStreams(), ValueType.integer(1, 10_000)),
                m.value("initial_stream_window_bytes", (long) d.initialStreamWindowBytes(), window).intValue(),
                m.value("connection_window_bytes", (long) d.connectionWindowBytes(), window).intValue());
    }

    /** Null for plain HTTP; when the section is written, both files are required. */
    private static ListenTlsConfig tls(MapReader m) {
        if (!m.present()) {
            return null;
        }
        ValueType<Path> file = ValueType.path(m.context().configDirectory());
        Path cert = m.required("cert", file, "TLS needs a certificate file (PEM)");
        Path key = m.required("key", file, "TLS needs a private key file (PEM)");
        return cert == null || key == null ? null : new ListenTlsConfig(cert, key);
    }

    /**
     * The admin listener shows internal addresses, request details and incidents: it stays on
     * loopback unless {@code allow_remote: true} says, in the file, that it is meant to be reached.
     */
    static AdminConfig admin(MapReader m) {
        AdminConfig d = AdminConfig.DEFAULTS;
        AdminConfig admin = new AdminConfig(
                m.value("address", d.address(), ADDRESS),
                m.value("port", d.port(), ValueType.port(0)));
        boolean allowRemote = m.value("allow_remote", false, ValueType.BOOLEAN);
        if (!allowRemote && !isLoopback(admin.address())) {
            m.get("address").error(Quoted.of(admin.address()) + " is not a loopback address, and /status and"
                    + " /incidents show internal addresses and request details; to serve them there on purpose,"
                    + " set admin.allow_remote: true (and keep the port away from the public)");
        }
        return admin;
    }

    /** 127.0.0.0/8, ::1 or the name localhost (IPv4-mapped literals are refused as addresses anyway). */
    static boolean isLoopback(String address) {
        if (address.equalsIgnoreCase("localhost")) {
            return true;
        }
        byte[] ip = IpLiteral.parse(address);
        if (ip == null) {
            return false;
        }
        if (ip.length == 4) {
            return ip[0] == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[15] == 1;
    }
}
