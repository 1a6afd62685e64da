package dev.telltale.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.pkitesting.X509Bundle;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream on 127.0.0.1 that speaks HTTP/1.1 over TLS with the certificate it is given and
 * answers every request with 200 {@code tls ok} (keep-alive). One variant only completes the
 * handshake for clients that present a certificate, over TLS 1.2, so it refuses with an alert.
 */
public final class TlsOkUpstream implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final AtomicInteger requests = new AtomicInteger();
    private final Channel server;

    private TlsOkUpstream(SslContext context) throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(context.newHandler(ch.alloc()), new HttpServerCodec(),
                                new HttpServerKeepAliveHandler(), new HttpObjectAggregator(65536), new AnswerOk());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    /** Presents {@code certificate} (with its chain) to every client. */
    public static TlsOkUpstream presenting(X509Bundle certificate) throws Exception {
        return new TlsOkUpstream(server(certificate).build());
    }

    /**
     * Requires a client certificate issued by {@code clientCa}. Limited to TLS 1.2, where the
     * refusal is an alert during the handshake (in TLS 1.3 it comes after the client finished).
     */
    public static TlsOkUpstream requiringClientCertificate(X509Bundle certificate, X509Bundle clientCa)
            throws Exception {
        return new TlsOkUpstream(server(certificate).clientAuth(ClientAuth.REQUIRE)
                .trustManager(clientCa.getCertificate()).protocols("TLSv1.2").build());
    }

    private static SslContextBuilder server(X509Bundle certificate) {
        return SslContextBuilder.forServer(certificate.getKeyPair().getPrivate(), certificate.getCertificatePath())
                .sslProvider(SslProvider.JDK);
    }

    public String target() {
        return "127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Requests answered so far. */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class AnswerOk extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            requests.incrementAndGet();
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer("tls ok", StandardCharsets.US_ASCII));
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            ctx.writeAndFlush(response);
        }

        /** A refused handshake is what the TLS tests are about; it needs no stack trace here. */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
