package dev.telltale.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/2 upstream (h2c, prior knowledge) that answers each request as its script says, for the
 * failures real servers rarely show on cue: a reset with a given code, an error GOAWAY, a header
 * list too large, a stream that stalls, a graceful GOAWAY on the first connection only.
 */
public final class ScriptedHttp2Upstream implements AutoCloseable {

    /** What the upstream does with one request: its stream, and which connection (from 1) it came on. */
    @FunctionalInterface
    public interface Script {
        void answer(ChannelHandlerContext stream, int connection);
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    /** The error codes of the GOAWAY frames the proxy sent, in order. */
    private final java.util.List<Long> goAways = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Channel server;

    public ScriptedHttp2Upstream(Script script) throws InterruptedException {
        this(script, Integer.MAX_VALUE);
    }

    /** As above, allowing {@code maxStreams} streams at once per connection. */
    public ScriptedHttp2Upstream(Script script, int maxStreams) throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel connection) {
                        int number = connections.incrementAndGet();
                        connection.pipeline().addLast(Http2FrameCodecBuilder.forServer()
                                        .initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(maxStreams))
                                        .build(),
                                new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
                                    @Override
                                    protected void initChannel(Channel stream) {
                                        stream.pipeline().addLast(new Answer(script, number));
                                    }
                                }),
                                new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        if (msg instanceof io.netty.handler.codec.http2.Http2GoAwayFrame goAway) {
                                            goAways.add(goAway.errorCode());
                                        }
                                        ReferenceCountUtil.release(msg);
                                    }
                                });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    private final class Answer extends ChannelInboundHandlerAdapter {
        private final Script script;
        private final int connection;

        Answer(Script script, int connection) {
            this.script = script;
            this.connection = connection;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            boolean requestEnds = msg instanceof Http2HeadersFrame headers && headers.isEndStream()
                    || msg instanceof DefaultHttp2DataFrame data && data.isEndStream();
            ReferenceCountUtil.release(msg);
            if (requestEnds) {
                requests.incrementAndGet();
                script.answer(ctx, connection);
            }
        }
    }

    // ---- what a script may do ----

    /** 200 with {@code body}, as a healthy server answers. */
    public static void ok(ChannelHandlerContext stream, String body) {
        stream.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200"), false));
        stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), true));
    }

    /** 200 with {@code body} after {@code millis}, as a busy server answers. */
    public static void okAfter(ChannelHandlerContext stream, long millis, String body) {
        stream.executor().schedule(() -> ok(stream, body), millis, TimeUnit.MILLISECONDS);
    }

    public static void reset(ChannelHandlerContext stream, Http2Error code) {
        stream.writeAndFlush(new DefaultHttp2ResetFrame(code));
    }

    /**
     * GOAWAY on the stream's connection with {@code code}: naming this stream as processed, or not
     * ({@code processed} false: the last stream named is the one before it, so its request may go
     * elsewhere). An error GOAWAY closes the connection after it.
     */
    public static void goAway(ChannelHandlerContext stream, Http2Error code, boolean processed) {
        Channel connection = ((Http2StreamChannel) stream.channel()).parent();
        int id = ((Http2StreamChannel) stream.channel()).stream().id();
        // Netty's codec names at least the last stream it saw; the frame that names an earlier one is written raw.
        Object frame = processed ? new DefaultHttp2GoAwayFrame(code)
                : Unpooled.buffer(17).writeMedium(8).writeByte(7).writeByte(0).writeInt(0)
                        .writeInt(Math.max(0, id - 2)).writeInt((int) code.code());
        connection.writeAndFlush(frame).addListener(done -> {
            if (code != Http2Error.NO_ERROR) {
                connection.close();
            }
        });
    }

    /** A head whose fields add up to {@code bytes}. */
    public static void hugeHead(ChannelHandlerContext stream, int bytes) {
        Http2Headers headers = new DefaultHttp2Headers().status("200");
        for (int i = 0; i * 1000 < bytes; i++) {
            headers.add("x-filler-" + i, "v".repeat(990));
        }
        stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers, true));
    }

    /** The head and a first piece of the body, then nothing more. */
    public static void stall(ChannelHandlerContext stream) {
        stream.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200"), false));
        stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.copiedBuffer("first part", StandardCharsets.UTF_8),
                false));
    }

    public int connections() {
        return connections.get();
    }

    public int requests() {
        return requests.get();
    }

    /** The error codes of the GOAWAY frames the proxy sent so far. */
    public java.util.List<Long> goAways() {
        return java.util.List.copyOf(goAways);
    }

    public String target() {
        return "127.0.0.1:" + ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
