package dev.telltale.proxy;

import io.netty.channel.Channel;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** A client's address as the log and X-Forwarded-For give it, written once per connection. */
final class ClientAddress {

    /** On an HTTP/2 connection: its client, for each of its streams. */
    private static final AttributeKey<ForwardedHeaders.ClientFacts> STREAMS_CLIENT =
            AttributeKey.valueOf("telltale.client");

    private ClientAddress() {
    }

    /** The client of {@code channel}, an HTTP/2 stream's ({@code stream}) or a connection's. */
    static ForwardedHeaders.ClientFacts of(Channel channel, boolean stream, String scheme) {
        if (!stream) {
            return made(channel, scheme);
        }
        Attribute<ForwardedHeaders.ClientFacts> shared = channel.parent().attr(STREAMS_CLIENT);
        ForwardedHeaders.ClientFacts client = shared.get();
        if (client == null) {
            client = made(channel, scheme);
            shared.set(client);
        }
        return client;
    }

    private static ForwardedHeaders.ClientFacts made(Channel channel, String scheme) {
        InetAddress inet = channel.remoteAddress() instanceof InetSocketAddress socket ? socket.getAddress() : null;
        String address = inet != null ? inet.getHostAddress() : String.valueOf(channel.remoteAddress());
        return new ForwardedHeaders.ClientFacts(address, inet, scheme);
    }
}
