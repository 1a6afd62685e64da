package dev.telltale.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A listener that never accepts, with its accept queue filled by connections of its own: the
 * kernel then drops new SYNs, so a connect to it hangs until the proxy's connect timeout, as
 * with a firewall that drops packets or an app too overloaded to accept.
 */
final class FullAcceptQueue implements AutoCloseable {

    private static final int FILLERS = 8;

    private final ServerSocket listener;
    private final List<SocketChannel> fillers = new ArrayList<>();

    FullAcceptQueue() throws IOException, InterruptedException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        try {
            for (int i = 0; i < FILLERS; i++) {
                SocketChannel filler = SocketChannel.open();
                fillers.add(filler);
                filler.configureBlocking(false);
                filler.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()));
            }
            // Lets the handshakes that fit complete, so that the queue is full before anyone connects.
            Thread.sleep(100);
        } catch (IOException | InterruptedException e) {
            close();
            throw e;
        }
    }

    String target() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    @Override
    public void close() {
        for (SocketChannel filler : fillers) {
            closeQuietly(filler);
        }
        closeQuietly(listener);
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing a local socket the demo made: nothing to tell anyone
        }
    }
}
