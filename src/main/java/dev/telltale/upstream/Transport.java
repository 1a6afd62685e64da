package dev.telltale.upstream;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.channels.spi.SelectorProvider;
import java.util.function.Function;
import java.util.function.Supplier;

/** A Netty I/O transport: native epoll where the platform has it, NIO everywhere. */
public record Transport(
        String name,
        Supplier<IoHandlerFactory> ioHandlerFactory,
        Class<? extends ServerSocketChannel> serverChannel,
        Class<? extends SocketChannel> socketChannel,
        Class<? extends DatagramChannel> datagramChannel,
        Function<SocketProtocolFamily, SocketChannel> socketChannels) {

    public static Transport nio() {
        return new Transport("nio", NioIoHandler::newFactory,
                NioServerSocketChannel.class, NioSocketChannel.class, NioDatagramChannel.class,
                family -> new NioSocketChannel(SelectorProvider.provider(), family));
    }

    public static Transport epoll() {
        return new Transport("epoll", EpollInterestGuard::newFactory,
                EpollServerSocketChannel.class, EpollSocketChannel.class, EpollDatagramChannel.class,
                EpollSocketChannel::new);
    }

    public static Transport ioUring() {
        return new Transport("io_uring", IoUringIoHandler::newFactory,
                IoUringServerSocketChannel.class, IoUringSocketChannel.class, IoUringDatagramChannel.class,
                family -> new IoUringSocketChannel()); // its socket takes no family
    }

    /** Epoll when its native library loads here, otherwise NIO. */
    public static Transport best() {
        return Epoll.isAvailable() ? epoll() : nio();
    }

    /** The names {@link #named} takes. */
    public static final String NAMES = "auto, epoll, io_uring, nio";

    /**
     * {@code auto} ({@link #best}), {@code epoll} or {@code nio}; a native
     * transport this machine cannot load is refused with the reason, rather than replaced.
     */
    public static Transport named(String name) {
        return switch (name) {
            case "auto" -> best();
            case "nio" -> nio();
            case "epoll" -> available(epoll(), Epoll.isAvailable(), Epoll.unavailabilityCause());
            case "io_uring" -> available(ioUring(), IoUring.isAvailable(), IoUring.unavailabilityCause());
            default -> throw new IllegalArgumentException("unknown transport \"" + name + "\" (use " + NAMES + ")");
        };
    }

    private static Transport available(Transport transport, boolean available, Throwable cause) {
        if (!available) {
            throw new IllegalArgumentException("transport " + transport.name() + " is not available here: "
                    + (cause == null ? "unknown reason" : cause.getMessage()));
        }
        return transport;
    }

    /**
     * A client socket for {@code remote}'s address family. Netty's default is a dual-stack IPv6 socket,
     * which costs an extra system call (IPV6_V6ONLY) on each new connection to an IPv4 target.
     */
    public Channel newSocketChannel(InetAddress remote) {
        return socketChannels.apply(remote instanceof Inet6Address ? SocketProtocolFamily.INET6
                : SocketProtocolFamily.INET);
    }

    public EventLoopGroup newEventLoopGroup(int threads, String threadName) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadName, true),
                ioHandlerFactory.get());
    }
}
