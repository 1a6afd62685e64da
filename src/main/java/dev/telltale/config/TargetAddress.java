package dev.telltale.config;

/** A target as written in the config: a host name or IP literal, and a port. */
public record TargetAddress(String host, int port) {

    /** {@code host:port}, with an IPv6 literal in brackets. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
