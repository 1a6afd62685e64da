package dev.telltale.http2;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;

/**
 * The open streams of one HTTP/2 client connection, so that an event for the connection (a drain
 * starting) reaches each of them. Used only on the connection's event loop, which its streams
 * share: a plain set, not a global concurrent one touched twice per stream.
 */
public final class OpenStreams implements ChannelFutureListener {

    private final Set<Channel> streams = new HashSet<>();

    /** Keeps {@code stream} until it closes. */
    public void add(Channel stream) {
        streams.add(stream);
        stream.closeFuture().addListener(this);
    }

    @Override
    public void operationComplete(ChannelFuture closed) {
        streams.remove(closed.channel());
    }

    /** Sends {@code event} down the pipeline of every open stream. */
    void fire(Object event) {
        // A stream may close while it takes the event: walk a copy.
        for (Channel stream : new ArrayList<>(streams)) {
            stream.pipeline().fireUserEventTriggered(event);
        }
    }
}
