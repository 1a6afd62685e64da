package dev.telltale.docker;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.resolver.AddressResolverGroup;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * GET requests to the Docker API, each on a connection of its own on the docker event loop.
 * Futures complete on that loop, so what follows them runs there too and needs no lock.
 */
final class DockerApi {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** {@code /containers/json} of a busy host; inspections and the rest are far smaller. */
    static final int MAX_LIST = 8 * 1024 * 1024;
    static final int MAX_ANSWER = 1024 * 1024;

    private final Endpoint endpoint;
    private final Bootstrap bootstrap;
    private final SocketAddress address;

    DockerApi(Endpoint endpoint, DockerTransport transport, EventLoop loop, AddressResolverGroup<?> resolver) {
        this.endpoint = endpoint;
        this.address = endpoint.address(transport);
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.channel(endpoint))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis());
        if (!endpoint.unix()) {
            bootstrap.resolver(resolver).option(ChannelOption.SO_KEEPALIVE, true);
        }
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /** The whole answer to {@code GET path}, at most {@code maxBytes} of body; fails when none comes. */
    CompletableFuture<Answer> get(String path, int maxBytes) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        connect(() -> new ChannelHandler[] {
            new HttpClientCodec(),
            new HttpObjectAggregator(maxBytes),
            new ReadTimeoutHandler(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
            new AnswerHandler(request(path), answer)
        }).addListener((ChannelFuture connected) -> {
            if (!connected.isSuccess()) {
                // Later, not inside connect(): a caller never sees its own request fail re-entrantly.
                connected.channel().eventLoop().execute(() -> answer.completeExceptionally(connected.cause()));
            }
        });
        return answer;
    }

    /** Opens the never-ending {@code GET path} of the events stream; {@code listener} hears all of it. */
    ChannelFuture follow(String path, EventStreamHandler.Listener listener) {
        return connect(() -> new ChannelHandler[] {
            new HttpClientCodec(),
            new EventStreamHandler(request(path), listener)
        });
    }

    private ChannelFuture connect(Supplier<ChannelHandler[]> stages) {
        return bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(stages.get());
            }
        }).connect(address);
    }

    private FullHttpRequest request(String path) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path,
                Unpooled.EMPTY_BUFFER);
        request.headers()
                .set(HttpHeaderNames.HOST, endpoint.hostHeader())
                .set(HttpHeaderNames.USER_AGENT, "telltale")
                .set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON);
        return request;
    }
}
