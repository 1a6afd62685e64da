package dev.telltale.admin;

import dev.telltale.config.AdminConfig;
import dev.telltale.diagnostics.IncidentStore;
import dev.telltale.upstream.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The admin listener (loopback by default): health and the incident store. It runs on its own
 * small event loop so that operator requests never queue behind client traffic.
 */
public final class AdminServer implements AutoCloseable {

    private static final int MAX_ADMIN_REQUEST = 8 * 1024;

    private final EventLoopGroup group;
    private final Channel listener;

    private AdminServer(EventLoopGroup group, Channel listener) {
        this.group = group;
        this.listener = listener;
    }

    public static AdminServer start(AdminConfig config, Transport transport, IncidentStore incidents)
            throws InterruptedException {
        return start(config, transport, new AdminSources(incidents, () -> new Readiness(true, java.util.List.of()),
                () -> "", () -> null));
    }

    public static AdminServer start(AdminConfig config, Transport transport, AdminSources sources)
            throws InterruptedException {
        EventLoopGroup group = transport.newEventLoopGroup(1, "telltale-admin");
        try {
            Channel listener = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            channel.pipeline()
                                    .addLast("http", new HttpServerCodec())
                                    .addLast("whole-request", new HttpObjectAggregator(MAX_ADMIN_REQUEST))
                                    .addLast("admin", new AdminHandler(sources));
                        }
                    })
                    .bind(config.address(), config.port()).sync().channel();
            return new AdminServer(group, listener);
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
