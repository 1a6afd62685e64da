package dev.telltale.testing;

import dev.telltale.upstream.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapFactory;
import io.netty.testsuite.transport.socket.SocketTestPermutation;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.List;

/**
 * Netty's socket test permutations (NIO) plus native epoll where it is available, the way
 * Netty's own epoll module extends them: every server transport is combined with every client
 * transport. In Telltale's end-to-end tests the server side is the misbehaving upstream and the
 * client side is the proxy's transport (it is the upstream's client).
 */
public final class TelltaleSocketPermutation extends SocketTestPermutation {

    public static final TelltaleSocketPermutation INSTANCE = new TelltaleSocketPermutation();

    private static final EventLoopGroup EPOLL_GROUP = Epoll.isAvailable()
            ? new MultiThreadIoEventLoopGroup(NUM_THREADS, new DefaultThreadFactory("testsuite-epoll", true),
                    EpollIoHandler.newFactory())
            : null;

    private TelltaleSocketPermutation() {
    }

    @Override
    public List<BootstrapFactory<ServerBootstrap>> serverSocket() {
        List<BootstrapFactory<ServerBootstrap>> factories = super.serverSocket();
        if (EPOLL_GROUP != null) {
            factories.add(() -> new ServerBootstrap().group(EPOLL_GROUP).channel(EpollServerSocketChannel.class));
        }
        return factories;
    }

    @Override
    public List<BootstrapFactory<Bootstrap>> clientSocket() {
        List<BootstrapFactory<Bootstrap>> factories = super.clientSocket();
        if (EPOLL_GROUP != null) {
            factories.add(() -> new Bootstrap().group(EPOLL_GROUP).channel(EpollSocketChannel.class));
        }
        return factories;
    }

    /** The proxy transport a client bootstrap of this permutation stands for. */
    public static Transport transportOf(Bootstrap client) {
        return EPOLL_GROUP != null && client.config().group() == EPOLL_GROUP ? Transport.epoll() : Transport.nio();
    }
}
