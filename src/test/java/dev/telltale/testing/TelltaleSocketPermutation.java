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
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapFactory;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.testsuite.transport.socket.SocketTestPermutation;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.List;

/**
 * Netty's socket test permutations (NIO) plus native epoll and io_uring where they are
 * available, the way Netty's own native transport modules extend them: every server transport is combined with every client
 * transport. In Telltale's end-to-end tests the server side is the misbehaving upstream and the
 * client side is the proxy's transport (it is the upstream's client).
 */
public final class TelltaleSocketPermutation extends SocketTestPermutation {

    public static final TelltaleSocketPermutation INSTANCE = new TelltaleSocketPermutation();

    private static final EventLoopGroup EPOLL_GROUP = Epoll.isAvailable()
            ? new MultiThreadIoEventLoopGroup(NUM_THREADS, new DefaultThreadFactory("testsuite-epoll", true),
                    EpollIoHandler.newFactory())
            : null;
    private static final EventLoopGroup IO_URING_GROUP = IoUring.isAvailable()
            ? new MultiThreadIoEventLoopGroup(NUM_THREADS, new DefaultThreadFactory("testsuite-io_uring", true),
                    IoUringIoHandler.newFactory())
            : null;

    private TelltaleSocketPermutation() {
    }

    @Override
    public List<BootstrapFactory<ServerBootstrap>> serverSocket() {
        List<BootstrapFactory<ServerBootstrap>> factories = super.serverSocket();
        if (EPOLL_GROUP != null) {
            factories.add(() -> new ServerBootstrap().group(EPOLL_GROUP).channel(EpollServerSocketChannel.class));
        }
        if (IO_URING_GROUP != null) {
            factories.add(() -> new ServerBootstrap().group(IO_URING_GROUP).channel(IoUringServerSocketChannel.class));
        }
        return factories;
    }

    @Override
    public List<BootstrapFactory<Bootstrap>> clientSocket() {
        List<BootstrapFactory<Bootstrap>> factories = super.clientSocket();
        if (EPOLL_GROUP != null) {
            factories.add(() -> new Bootstrap().group(EPOLL_GROUP).channel(EpollSocketChannel.class));
        }
        if (IO_URING_GROUP != null) {
            factories.add(() -> new Bootstrap().group(IO_URING_GROUP).channel(IoUringSocketChannel.class));
        }
        return factories;
    }

    /** The proxy transport a client bootstrap of this permutation stands for. */
    public static Transport transportOf(Bootstrap client) {
        EventLoopGroup group = client.config().group();
        if (group == EPOLL_GROUP && group != null) {
            return Transport.epoll();
        }
        return group == IO_URING_GROUP && group != null ? Transport.ioUring() : Transport.nio();
    }
}
