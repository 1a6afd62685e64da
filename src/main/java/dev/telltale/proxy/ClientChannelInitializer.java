package dev.telltale.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The stages of a client connection, in order. */
final class ClientChannelInitializer extends ChannelInitializer<Channel> {

    /** The stages that speak HTTP; a WebSocket tunnel removes them. */
    static final List<String> HTTP_STAGES = List.of("proxy", "read-gate", "keepalive", "encoder", "reader",
            "head-timer");

    private final Supplier<ProxyRuntime> runtime;
    private final Drain drain;
    private final ConnectionLimit connections;
    /** {@code listen.tls}, or null for plain HTTP. */
    private final SslContext tls;

    ClientChannelInitializer(Supplier<ProxyRuntime> runtime, Drain drain, ConnectionLimit connections, SslContext tls) {
        this.runtime = runtime;
        this.drain = drain;
        this.connections = connections;
        this.tls = tls;
    }

    @Override
    protected void initChannel(Channel channel) {
        ProxyRuntime current = runtime.get();
        drain.track(channel);
        int maxConnections = current.config().listen().maxConnections();
        boolean admitted = connections.admit(channel, maxConnections);
        long keepaliveMs = current.config().listen().keepaliveTimeout().toMillis();
        // Reader idleness only: watching writes too would cost a promise and a listener per write.
        // The proxy stage ignores it during an exchange and restarts the clock when one ends.
        IdleStateHandler keepalive = new IdleStateHandler(keepaliveMs, 0, 0, TimeUnit.MILLISECONDS);
        ClientRequestReader reader = new ClientRequestReader(current.config().listen().maxRequestHeaderBytes());
        RequestHeadTimer headTimer = new RequestHeadTimer(current.config().listen().clientHeaderTimeout().toNanos(),
                reader::holdsPartOfAHead);
        ReadGate gate = new ReadGate();
        ClientConnectionHandler proxy = new ClientConnectionHandler(runtime, drain, gate,
                new ClientClocks(keepalive, headTimer),
                admitted ? 0 : maxConnections, tls != null);
        if (tls != null) {
            channel.pipeline().addLast("tls-or-plain", new TlsOrPlainHttp(tls, proxy::plainHttpOnTlsListener));
        }
        channel.pipeline()
                .addLast("head-timer", headTimer)
                // Reads each request once, on its bytes, as strictly as RFC 9112 asks: nothing ambiguous gets through.
                .addLast("reader", reader)
                .addLast("encoder", new ClientResponseEncoder())
                .addLast("keepalive", keepalive)
                // The one switch of reading; holds what was decoded meanwhile, so pipelined requests wait their turn.
                .addLast("read-gate", gate)
                .addLast("proxy", proxy);
    }
}
