package dev.telltale.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.resolver.NoopAddressResolverGroup;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The pools of one event loop, and the periodic sweep that retires their expired idle connections. */
final class LoopPools {

    private static final long SWEEP_INTERVAL_MS = 1000;
    private static final int MAX_STATUS_LINE = 8192;
    private static final int MAX_CHUNK = 64 * 1024;

    private final EventLoop loop;
    private final Bootstrap base;
    private final Map<Target, TargetPool> pools = new HashMap<>();
    private boolean sweeping;

    LoopPools(EventLoop loop, Transport transport, ByteBufAllocator allocator) {
        this.loop = loop;
        // Names are resolved by ConnectAttempt with the async resolver, never by the bootstrap.
        this.base = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .resolver(NoopAddressResolverGroup.INSTANCE)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.ALLOCATOR, allocator);
    }

    EventLoop loop() {
        return loop;
    }

    TargetPool forTarget(Target target) {
        if (!sweeping) {
            sweeping = true;
            loop.scheduleWithFixedDelay(this::sweep, SWEEP_INTERVAL_MS, SWEEP_INTERVAL_MS, TimeUnit.MILLISECONDS);
        }
        return pools.computeIfAbsent(target, t -> new TargetPool());
    }

    /** A bootstrap for one connection to {@code target}; the TLS stages come first when it uses TLS. */
    Bootstrap bootstrap(Target target, ConnectSettings settings, ResponseHeadInspector inspector,
                        UpstreamHandler handler) {
        UpstreamTls tls = target.tls();
        return base.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                ChannelPipeline pipeline = channel.pipeline();
                if (tls != null) {
                    pipeline.addLast("first-bytes", new FirstBytesHandler())
                            .addLast("tls", tls.newHandler(channel.alloc(), target.address(),
                                    settings.tlsHandshakeTimeout()));
                }
                pipeline.addLast("inspect", inspector)
                        .addLast("http", httpCodec(settings.maxResponseHeaderBytes()))
                        .addLast("upstream", handler);
            }
        });
    }

    private static HttpClientCodec httpCodec(int maxResponseHeaderBytes) {
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_STATUS_LINE)
                .setMaxHeaderSize(maxResponseHeaderBytes)
                .setMaxChunkSize(MAX_CHUNK)
                .setStrictLineParsing(true)
                // ResponseHeadCheck has already judged every name and value of the head, byte by byte.
                .setHeadersFactory(DefaultHttpHeadersFactory.headersFactory().withValidation(false));
        return new HttpClientCodec(decoder, false, false);
    }

    private void sweep() {
        long now = System.nanoTime();
        for (TargetPool pool : pools.values()) {
            pool.evictExpired(now);
        }
    }

    void retire(java.util.Collection<Target> targets) {
        for (Target target : targets) {
            TargetPool pool = pools.remove(target);
            if (pool != null) {
                pool.closeAll();
            }
        }
    }

    void closeIdle() {
        for (TargetPool pool : pools.values()) {
            pool.closeAll();
        }
    }
}
