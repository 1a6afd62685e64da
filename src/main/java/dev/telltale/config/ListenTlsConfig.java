package dev.telltale.config;

import java.nio.file.Path;

/** Certificate and key (PEM) for TLS on the client-facing listener. */
public record ListenTlsConfig(Path cert, Path key) {
}
