package dev.telltale.config;

/**
 * What an upstream speaks: HTTP/1.1 ({@code http1}, a connection per request in flight, pooled),
 * or HTTP/2, one multiplexed connection per event loop and target: {@code h2c} in cleartext with
 * prior knowledge, {@code h2} over TLS by ALPN. gRPC services need one of the HTTP/2 two.
 */
public enum UpstreamProtocol {
    HTTP1("http1"),
    H2C("h2c"),
    H2("h2");

    private final String yamlName;

    UpstreamProtocol(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    /** HTTP/2, in either form. */
    public boolean http2() {
        return this != HTTP1;
    }
}
