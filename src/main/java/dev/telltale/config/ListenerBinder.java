package dev.telltale.config;

import java.nio.file.Path;
import java.util.List;

/** Binds the two listeners: {@code listen} (clients) and {@code admin}. */
final class ListenerBinder {

    static final List<String> LISTEN_KEYS = List.of("address", "port", "tls", "client_header_timeout",
            "keepalive_timeout", "max_connections", "max_request_header_bytes", "max_request_body_bytes");
    static final List<String> TLS_KEYS = List.of("cert", "key");
    static final List<String> ADMIN_KEYS = List.of("address", "port");

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
                m.value("max_request_body_bytes", d.maxRequestBodyBytes(), ValueType.SIZE));
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

    static AdminConfig admin(MapReader m) {
        AdminConfig d = AdminConfig.DEFAULTS;
        return new AdminConfig(
                m.value("address", d.address(), ADDRESS),
                m.value("port", d.port(), ValueType.port(0)));
    }
}
