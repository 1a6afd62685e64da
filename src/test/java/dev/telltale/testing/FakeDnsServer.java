package dev.telltale.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A DNS server on 127.0.0.1 that knows no names: it answers every query NXDOMAIN, or, when
 * silent, never answers. The proxy under test asks only this server, so no query leaves the
 * machine.
 */
public final class FakeDnsServer implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;

    private FakeDnsServer(boolean silent) throws InterruptedException {
        channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(),
                                new SimpleChannelInboundHandler<DatagramDnsQuery>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
                                        if (!silent) {
                                            DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(),
                                                    query.sender(), query.id(), query.opCode(),
                                                    DnsResponseCode.NXDOMAIN);
                                            response.addRecord(DnsSection.QUESTION,
                                                    query.recordAt(DnsSection.QUESTION));
                                            ctx.writeAndFlush(response);
                                        }
                                    }
                                });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    /** Answers every name NXDOMAIN. */
    public static FakeDnsServer knowingNoNames() throws InterruptedException {
        return new FakeDnsServer(false);
    }

    /** Never answers. */
    public static FakeDnsServer silent() throws InterruptedException {
        return new FakeDnsServer(true);
    }

    public DnsServerAddressStreamProvider provider() {
        return new SingletonDnsServerAddressStreamProvider(address());
    }

    /** Where it listens, e.g. for {@code doctor --dns-server}. */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
