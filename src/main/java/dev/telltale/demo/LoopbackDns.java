package dev.telltale.demo;

import dev.telltale.upstream.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * The only DNS server the demo proxy asks, on 127.0.0.1, so that no query leaves the machine.
 * It knows no names: it answers NXDOMAIN, except for names under {@link #UNANSWERED}, which it
 * never answers at all, as an overloaded or firewalled resolver would.
 */
final class LoopbackDns {

    static final String UNKNOWN = "app.invalid";
    static final String UNANSWERED = "unanswered.invalid";

    private final Channel channel;

    LoopbackDns(EventLoopGroup group, Transport transport) throws InterruptedException {
        channel = new Bootstrap().group(group).channel(transport.datagramChannel())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(),
                                new NxdomainHandler());
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    /** For {@code ProxyServer.Options}: every lookup goes to this server and nowhere else. */
    DnsServerAddressStreamProvider provider() {
        return new SingletonDnsServerAddressStreamProvider((InetSocketAddress) channel.localAddress());
    }

    private static final class NxdomainHandler extends SimpleChannelInboundHandler<DatagramDnsQuery> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
            DnsQuestion question = query.recordAt(DnsSection.QUESTION);
            String name = question == null ? "" : question.name().toLowerCase(Locale.ROOT);
            if (name.equals(UNANSWERED) || name.startsWith(UNANSWERED + ".")) {
                return;
            }
            DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id(),
                    query.opCode(), DnsResponseCode.NXDOMAIN);
            if (question != null) {
                response.addRecord(DnsSection.QUESTION, question);
            }
            ctx.writeAndFlush(response);
        }
    }
}
