package dev.telltale.proxy;

import dev.telltale.config.ListenConfig;
import dev.telltale.config.ProxyConfig;
import dev.telltale.http1.RepeatedValues;
import dev.telltale.http2.AlpnChoice;
import dev.telltale.http2.ClientHttp2;
import dev.telltale.http2.OpenStreams;
import dev.telltale.http2.PriorKnowledge;
import dev.telltale.http2.StreamRequestBytes;
import dev.telltale.http2.StreamResponseFrames;
import dev.telltale.tls.HandshakeWatch;
import dev.telltale.tls.ListenerTls;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The stages of a client connection, in order. A connection that turns out to speak HTTP/2 (by
 * ALPN, or h2c's preface) trades its HTTP/1.1 stages for HTTP/2's, and each of its streams gets
 * the same stages an HTTP/1.1 connection has, behind a translation of its frames to and from
 * HTTP/1.1 bytes: one reader, one exchange, one set of answers, whatever the protocol.
 */
final class ClientChannelInitializer extends ChannelInitializer<Channel> {

    /** The stages that speak HTTP; a WebSocket tunnel removes them. */
    static final List<String> HTTP_STAGES = List.of("proxy", "read-gate", "keepalive", "reader", "head-timer");

    private final Supplier<ProxyRuntime> runtime;
    private final Drain drain;
    private final ConnectionLimit connections;
    /** {@code listen.tls}, or null for plain HTTP. */
    private final ListenerTls tls;

    ClientChannelInitializer(Supplier<ProxyRuntime> runtime, Drain drain, ConnectionLimit connections, ListenerTls tls) {
        this.runtime = runtime;
        this.drain = drain;
        this.connections = connections;
        this.tls = tls;
    }

    @Override
    protected void initChannel(Channel channel) {
        ListenConfig listen = runtime.get().config().listen();
        drain.track(channel);
        int maxConnections = listen.maxConnections();
        int refusedOverLimit = connections.admit(channel, maxConnections) ? 0 : maxConnections;
        long keepaliveMs = listen.keepaliveTimeout().toMillis();
        // Reader idleness only: watching writes too would cost a promise and a listener per write.
        // The proxy stage ignores it during an exchange and restarts the clock when one ends.
        IdleStateHandler keepalive = new IdleStateHandler(keepaliveMs, 0, 0, TimeUnit.MILLISECONDS);
        ClientRequestReader reader = new ClientRequestReader(listen.maxRequestHeaderBytes());
        RequestHeadTimer headTimer = new RequestHeadTimer(listen.clientHeaderTimeout().toNanos(),
                reader::holdsPartOfAHead);
        ReadGate gate = new ReadGate();
        ClientConnectionHandler proxy = new ClientConnectionHandler(runtime, drain, gate,
                new ClientClocks(keepalive, headTimer), refusedOverLimit, tls != null);
        ChannelPipeline pipeline = channel.pipeline();
        if (tls != null) {
            pipeline.addLast("tls-or-plain", new TlsOrPlainHttp(tls, proxy::plainHttpOnTlsListener,
                            listen.clientHeaderTimeout().toNanos() > 0))
                    .addLast("tls-outcome", new HandshakeWatch(tls, headTimer::closedSilently));
            if (listen.http2().tls()) {
                pipeline.addLast("alpn", new AlpnChoice(ctx -> toHttp2(ctx, refusedOverLimit)));
            }
        } else if (listen.http2().cleartext()) {
            pipeline.addLast("h2c-preface", new PriorKnowledge(ctx -> toHttp2(ctx, refusedOverLimit)));
        }
        pipeline
                .addLast("head-timer", headTimer)
                // Reads each request once, on its bytes, as strictly as RFC 9112 asks: nothing ambiguous gets through.
                .addLast("reader", reader)
                .addLast("keepalive", keepalive)
                // The one switch of reading; holds what was decoded meanwhile, so pipelined requests wait their turn.
                .addLast("read-gate", gate)
                .addLast("proxy", proxy);
    }

    /** The connection speaks HTTP/2: its HTTP/1.1 stages go, and HTTP/2's come after {@code ctx}. */
    private void toHttp2(ChannelHandlerContext ctx, int refusedOverLimit) {
        ChannelPipeline pipeline = ctx.pipeline();
        for (String stage : HTTP_STAGES) {
            pipeline.remove(stage);
        }
        ProxyConfig config = runtime.get().config();
        ListenConfig listen = config.listen();
        OpenStreams streams = new OpenStreams();
        ClientHttp2.install(pipeline, ctx.name(), listen.http2(), listen.maxRequestHeaderBytes(),
                listen.keepaliveTimeout().toMillis(), new StreamStages(refusedOverLimit, streams), streams,
                Drain.STARTED, config.requestId().header());
    }

    /**
     * One HTTP/2 stream's stages: the frames as HTTP/1.1 bytes, then what an HTTP/1.1 connection has
     * but its clocks (the head comes whole; the connection keeps the idle clock).
     */
    private final class StreamStages extends ChannelInitializer<Channel> {

        private final int refusedOverLimit;
        private final OpenStreams streams;
        /** The Host and User-Agent the connection's streams repeat: all on its event loop. */
        private final RepeatedValues repeated = new RepeatedValues();

        StreamStages(int refusedOverLimit, OpenStreams streams) {
            this.refusedOverLimit = refusedOverLimit;
            this.streams = streams;
        }

        @Override
        protected void initChannel(Channel stream) {
            // A stream channel's config starts with Netty's default allocator, not its connection's.
            stream.config().setAllocator(stream.parent().alloc());
            // Its connection is tracked, and passes a drain on to it: a request held on it is answered at once.
            streams.add(stream);
            StreamResponseFrames response = new StreamResponseFrames();
            ReadGate gate = new ReadGate();
            stream.pipeline()
                    .addLast("h2-response", response)
                    .addLast("h2-request", new StreamRequestBytes(response))
                    .addLast("reader", new ClientRequestReader(runtime.get().config().listen().maxRequestHeaderBytes(),
                            repeated))
                    .addLast("read-gate", gate)
                    .addLast("proxy", new ClientConnectionHandler(runtime, drain, gate, ClientClocks.NONE,
                            refusedOverLimit, tls != null));
        }
    }
}
