package dev.telltale.demo;

import dev.telltale.zoo.MisbehavingUpstream;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One request through the proxy that a silent upstream never answers, so that it holds the only
 * connection its pool allows ({@code pool.max_connections: 1}). Every request after it finds the
 * pool full: {@code connection_limit_reached} without having to send two at the same moment.
 */
final class PoolHolder implements AutoCloseable {

    private static final int POLL_MS = 50;

    private final Socket socket;

    private PoolHolder(Socket socket) {
        this.socket = socket;
    }

    /**
     * Sends {@code path} through the proxy until the silent upstream has it. A try can find the
     * pool still counting the proxy's start-up probe; it is then answered 503 and sent again.
     */
    static PoolHolder hold(int proxyPort, String path, MisbehavingUpstream silent, long deadlineNanos)
            throws IOException, InterruptedException {
        while (System.nanoTime() - deadlineNanos < 0) {
            int before = silent.requests();
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", proxyPort), 2000);
                socket.setSoTimeout(POLL_MS);
                socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + proxyPort
                        + "\r\nUser-Agent: telltale-demo (holds the pool)\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                if (awaitUpstream(socket.getInputStream(), silent, before, deadlineNanos)) {
                    socket.setSoTimeout(0);
                    return new PoolHolder(socket);
                }
            } catch (IOException e) {
                socket.close();
                throw e;
            }
            socket.close();
            Thread.sleep(100);
        }
        throw new IOException("the silent upstream never received the request that holds its pool");
    }

    /** True once the upstream has the request; false when the proxy answered it instead. */
    private static boolean awaitUpstream(InputStream in, MisbehavingUpstream silent, int before, long deadlineNanos)
            throws IOException {
        while (System.nanoTime() - deadlineNanos < 0) {
            if (silent.requests() > before) {
                return true;
            }
            try {
                if (in.read() >= 0) {
                    return false;
                }
                throw new IOException("the proxy closed the connection that was to hold the pool");
            } catch (SocketTimeoutException stillWaiting) {
                // no answer yet: look at the upstream again
            }
        }
        return false;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a loopback socket: nothing to tell anyone
        }
    }
}
