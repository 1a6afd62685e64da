package dev.telltale.config;

import java.nio.file.Path;

/** TLS towards an upstream. {@code caFile} and {@code sni} are null when not set. */
public record UpstreamTlsConfig(boolean enabled, boolean verify, Path caFile, String sni) {

    public static final UpstreamTlsConfig DISABLED = new UpstreamTlsConfig(false, true, null, null);
}
