package dev.telltale.http2;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.FastThreadLocal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * One flush of an HTTP/2 connection for all the streams that wrote in one turn of its event loop.
 * A stream's frames are written when something else is read (towards a client, its upstream's
 * response; towards an upstream, its client's request), each from a channel of its own, so flushing
 * each stream at once would cost a system call per message; the streams of one connection share a
 * socket, and their frames can go in one write, as nginx and HAProxy send them. The connections an
 * event loop has to flush are flushed by one task: a task per connection cost an entry in the loop's
 * task queue each, and that queue's growth was 1.5% of the CPU under h2load.
 */
final class ConnectionFlush {

    private static final AttributeKey<ConnectionFlush> KEY = AttributeKey.valueOf("telltale.http2.flush");
    private static final FastThreadLocal<LoopFlushes> LOOP = new FastThreadLocal<>() {
        @Override
        protected LoopFlushes initialValue() {
            return new LoopFlushes();
        }
    };

    private final Channel connection;
    private boolean pending;

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
        if (!flush.pending) {
            flush.pending = true;
            LOOP.get().add(flush);
        }
    }

    /** The connections one event loop flushes in its next task. */
    private static final class LoopFlushes implements Runnable {

        private final List<ConnectionFlush> pending = new ArrayList<>();

        void add(ConnectionFlush flush) {
            pending.add(flush);
            if (pending.size() == 1) {
                try {
                    flush.connection.eventLoop().execute(this);
                } catch (RejectedExecutionException shuttingDown) {
                    flush.pending = false; // the loop is closing its channels: nothing more goes out
                    pending.clear();
                }
            }
        }

        @Override
        public void run() {
            // A flush may ask for another (a write that a flush made room for): it joins this pass.
            for (int i = 0; i < pending.size(); i++) {
                ConnectionFlush flush = pending.get(i);
                flush.pending = false;
                flush.connection.flush();
            }
            pending.clear();
        }
    }
}
