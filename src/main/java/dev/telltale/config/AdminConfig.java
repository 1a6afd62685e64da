package dev.telltale.config;

/** The admin listener (loopback by default). {@code port} 0 picks a free port. */
public record AdminConfig(String address, int port) {

    public static final AdminConfig DEFAULTS = new AdminConfig("127.0.0.1", 9901);
}
