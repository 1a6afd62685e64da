package dev.telltale.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * nginx and HAProxy from the machine's packages, each started on loopback as a reverse proxy in
 * front of one upstream, with private configs, logs and temp paths in a directory of the test's
 * own; stopped by {@link #close}. Each proxy is configured as an operator would run it in front
 * of an app: nginx with an HTTP/1.1 keep-alive upstream, HAProxy in HTTP mode with defaults.
 */
public final class PeerProxies implements AutoCloseable {

    private final List<Process> processes = new ArrayList<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    /** The binary, or null when this machine has none. */
    public static Path find(String name) {
        return InstalledTools.find(name).orElse(null);
    }

    public PeerProxies(Path dir, int upstreamPort) throws IOException, InterruptedException {
        Path nginx = find("nginx");
        Path haproxy = find("haproxy");
        int nginxPort = freePort();
        Path nginxDir = Files.createDirectories(dir.resolve("nginx"));
        for (String temp : List.of("cb", "p", "f", "u", "s")) {
            Files.createDirectories(nginxDir.resolve(temp));
        }
        Files.writeString(nginxDir.resolve("nginx.conf"), """
                worker_processes 1;
                master_process off;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 1024; }
                http {
                    client_body_temp_path %1$s/cb; proxy_temp_path %1$s/p; fastcgi_temp_path %1$s/f;
                    uwsgi_temp_path %1$s/u; scgi_temp_path %1$s/s;
                    access_log off;
                    upstream app { server 127.0.0.1:%2$d; keepalive 8; }
                    server {
                        listen 127.0.0.1:%3$d;
                        location / {
                            proxy_pass http://app;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                        }
                    }
                }
                """.formatted(nginxDir, upstreamPort, nginxPort));
        start("nginx", nginxPort, List.of(nginx.toString(), "-p", nginxDir.toString(), "-c",
                nginxDir.resolve("nginx.conf").toString(), "-e", nginxDir.resolve("error.log").toString()), dir);

        int haproxyPort = freePort();
        Path haproxyConfig = dir.resolve("haproxy.cfg");
        Files.writeString(haproxyConfig, """
                global
                    maxconn 1024
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 5s
                    timeout server 5s
                    timeout http-request 5s
                frontend web
                    bind 127.0.0.1:%d
                    default_backend app
                backend app
                    http-reuse safe
                    server app 127.0.0.1:%d
                """.formatted(haproxyPort, upstreamPort));
        start("haproxy", haproxyPort, List.of(haproxy.toString(), "-db", "-f", haproxyConfig.toString()), dir);
    }

    /** Peer name to its port, in a fixed order: nginx, haproxy. */
    public Map<String, Integer> ports() {
        return ports;
    }

    private void start(String name, int port, List<String> command, Path dir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile())
                .start();
        processes.add(process);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                ports.put(name, port);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException(name + " exited: " + Files.readString(dir.resolve(name + ".err")));
                }
                Thread.sleep(20);
            }
        }
        throw new IOException(name + " did not listen on " + port + " within 10 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            process.waitFor();
        }
    }
}
