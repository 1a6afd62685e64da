package dev.telltale.config;

import java.nio.file.Path;
import java.util.Map;

/** Reads a YAML config file into a validated {@link ProxyConfig}, or reports every error in it. */
public final class ConfigLoader {

    private final Map<String, String> environment;

    public ConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static ConfigLoader fromSystemEnvironment() {
        return new ConfigLoader(System.getenv());
    }

    public ProxyConfig load(Path file) throws ConfigException {
        throw new UnsupportedOperationException("TODO");
    }
}
