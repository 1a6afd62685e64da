package dev.telltale.http2;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * One flush of an HTTP/2 connection for all the streams that wrote in one turn of its event loop.
 * A stream's frames are written when something else is read (towards a client, its upstream's
 * response; towards an upstream, its client's request), each from a channel of its own, so flushing
 * each stream at once would cost a system call per message; the streams of one connection share a
 * socket, and their frames can go in one write, as nginx and HAProxy send them.
 */
final class ConnectionFlush implements Runnable {

    private static final AttributeKey<ConnectionFlush> KEY = AttributeKey.valueOf("telltale.http2.flush");

    private final Channel connection;
    private boolean scheduled;

    private ConnectionFlush(Channel connection) {
        this.connection = connection;
    }

    /** Flushes {@code connection} once the event loop has handled the events at hand; on its event loop. */
    static void request(Channel connection) {
        ConnectionFlush flush = connection.attr(KEY).get();
        if (flush == null) {
            flush = new ConnectionFlush(connection);
            connection.attr(KEY).set(flush);
        }
        if (!flush.scheduled) {
            flush.scheduled = true;
            connection.eventLoop().execute(flush);
        }
    }

    @Override
    public void run() {
        scheduled = false;
        connection.flush();
    }
}
