package dev.telltale.docker;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Where the Docker API listens: a unix socket ({@code unix:///var/run/docker.sock}) or a TCP
 * address ({@code tcp://docker-socket-proxy:2375}), as {@code runtime.docker.socket} normalises it.
 *
 * @param socketPath the socket's path; null for TCP
 * @param host       the TCP host, without brackets; null for a socket
 */
record Endpoint(String text, String socketPath, String host, int port) {

    static Endpoint parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no Docker endpoint");
        }
        if (text.startsWith("unix://")) {
            return new Endpoint(text, text.substring("unix://".length()), null, 0);
        }
        int colon = text.lastIndexOf(':');
        if (!text.startsWith("tcp://") || colon < "tcp://".length()) {
            throw new IllegalArgumentException("expected unix:///PATH or tcp://HOST:PORT, not " + text);
        }
        String host = text.substring("tcp://".length(), colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new Endpoint(text, null, host, Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected tcp://HOST:PORT, not " + text, e);
        }
    }

    boolean unix() {
        return socketPath != null;
    }

    /** Docker ignores the Host header on its socket; a socket proxy in front of TCP may not. */
    String hostHeader() {
        if (unix()) {
            return "docker";
        }
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Unresolved for TCP: the bootstrap's asynchronous resolver looks the name up. */
    SocketAddress address(DockerTransport transport) {
        return unix() ? transport.domainAddress(socketPath) : InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public String toString() {
        return text;
    }
}
