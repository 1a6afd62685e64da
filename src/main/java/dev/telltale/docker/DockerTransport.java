package dev.telltale.docker;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.FastThreadLocalThread;

import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Netty transport of the Docker client: native epoll where it loads, else NIO, which has
 * reached unix sockets through {@link UnixDomainSocketAddress} since Java 16.
 */
record DockerTransport(String name, Supplier<IoHandlerFactory> ioHandler,
                       Class<? extends Channel> domainChannel, Class<? extends Channel> tcpChannel,
                       Class<? extends DatagramChannel> datagramChannel,
                       Function<String, SocketAddress> domainAddresses) {

    static final String THREAD_NAME = "telltale-docker";

    static DockerTransport nio() {
        return new DockerTransport("nio", NioIoHandler::newFactory, NioDomainSocketChannel.class,
                NioSocketChannel.class, NioDatagramChannel.class, path -> UnixDomainSocketAddress.of(path));
    }

    static DockerTransport epoll() {
        return new DockerTransport("epoll", EpollIoHandler::newFactory, EpollDomainSocketChannel.class,
                EpollSocketChannel.class, EpollDatagramChannel.class, DomainSocketAddress::new);
    }

    static DockerTransport best() {
        return Epoll.isAvailable() ? epoll() : nio();
    }

    SocketAddress domainAddress(String path) {
        return domainAddresses.apply(path);
    }

    Class<? extends Channel> channel(Endpoint endpoint) {
        return endpoint.unix() ? domainChannel : tcpChannel;
    }

    /** One daemon thread of its own: the proxy's event loops never wait on Docker. */
    EventLoopGroup newGroup() {
        return new MultiThreadIoEventLoopGroup(1, task -> {
            Thread thread = new FastThreadLocalThread(task, THREAD_NAME);
            thread.setDaemon(true);
            return thread;
        }, ioHandler.get());
    }
}
