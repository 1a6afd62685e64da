package dev.telltale.config;

/**
 * Where the proxy reads container state from ({@code runtime.docker}); off when {@code endpoint}
 * is null. Only read endpoints of the Docker Engine API are used.
 *
 * @param endpoint {@code unix:///path/to/docker.sock} or {@code tcp://host:port} (a socket proxy)
 */
public record DockerConfig(String endpoint) {

    public static final DockerConfig OFF = new DockerConfig(null);

    public boolean enabled() {
        return endpoint != null;
    }

    /** The unix socket's path, or null for a TCP endpoint. */
    public String socketPath() {
        return endpoint != null && endpoint.startsWith("unix://") ? endpoint.substring("unix://".length()) : null;
    }
}
