package dev.telltale.demo;

import dev.telltale.upstream.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** The healthy upstream of the demo, and its index: a well-behaved HTTP/1.1 app that answers 200 with a small page. */
final class HelloApp {

    static final String GREETING = "Hello from the demo app";

    private static final byte[] PAGE = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<title>Demo app</title></head><body><h1>" + GREETING + "</h1>"
            + "<p>This answer came through Telltale from a healthy upstream. The other demo URLs fail on"
            + " purpose, each in its own way.</p></body></html>\n").getBytes(StandardCharsets.UTF_8);
    private static final int MAX_REQUEST = 1024 * 1024;

    private final Channel listener;

    HelloApp(EventLoopGroup group, Transport transport) throws InterruptedException {
        this(group, transport, () -> PAGE);
    }

    /** Answers every request with {@code page} as it is at that moment (the demo's index, once its ports are known). */
    HelloApp(EventLoopGroup group, Transport transport, Supplier<byte[]> page) throws InterruptedException {
        listener = new ServerBootstrap().group(group).channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline()
                                .addLast("http", new HttpServerCodec())
                                .addLast("keep-alive", new HttpServerKeepAliveHandler())
                                .addLast("whole-request", new HttpObjectAggregator(MAX_REQUEST))
                                .addLast("page", new PageHandler(page));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    String target() {
        return "127.0.0.1:" + ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Answers every request with the page; the keep-alive handler decides whether to close after it. */
    private static final class PageHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

        private final Supplier<byte[]> page;

        PageHandler(Supplier<byte[]> page) {
            this.page = page;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            byte[] body = page.get();
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
            HttpUtil.setContentLength(response, body.length);
            HttpUtil.setKeepAlive(response, HttpUtil.isKeepAlive(request));
            ctx.writeAndFlush(response);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
