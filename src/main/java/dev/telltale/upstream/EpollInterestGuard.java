package dev.telltale.upstream;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.util.concurrent.ThreadAwareExecutor;

/**
 * Netty's epoll handler, minus a defect of Netty 4.2's (seen in 4.2.17): when a registration's
 * interest set becomes empty, it removes the descriptor from the epoll set but still counts it
 * as added, so the next interest is an {@code EPOLL_CTL_MOD} that fails with ENOENT, and a
 * healthy connection is closed (a client's request then gets a reset and a 499 line). The set
 * of a connection becomes empty when its reading is paused after its hang-up interest was
 * cleared; a closed connection's last event, handed in the same wake-up to a new connection on
 * the same descriptor number, clears it. Here an empty set is submitted as edge-triggered
 * nothing: the descriptor stays in the epoll set, which still reports an error or a hang-up,
 * once, and the next interest is an ordinary change.
 */
final class EpollInterestGuard implements IoHandlerFactory {

    private static final EpollIoOps KEEP_REGISTERED = EpollIoOps.EPOLLET;

    private final IoHandlerFactory epoll = EpollIoHandler.newFactory();

    static IoHandlerFactory newFactory() {
        return new EpollInterestGuard();
    }

    @Override
    public IoHandler newHandler(ThreadAwareExecutor executor) {
        return new Handler(epoll.newHandler(executor));
    }

    @Override
    public boolean isChangingThreadSupported() {
        return epoll.isChangingThreadSupported();
    }

    private record Handler(IoHandler epoll) implements IoHandler {

        @Override
        public IoRegistration register(IoHandle handle) throws Exception {
            return new Registration(epoll.register(handle));
        }

        @Override
        public void initialize() {
            epoll.initialize();
        }

        @Override
        public int run(IoHandlerContext context) {
            return epoll.run(context);
        }

        @Override
        public void prepareToDestroy() {
            epoll.prepareToDestroy();
        }

        @Override
        public void destroy() {
            epoll.destroy();
        }

        @Override
        public void wakeup() {
            epoll.wakeup();
        }

        @Override
        public boolean isCompatible(Class<? extends IoHandle> handleType) {
            return epoll.isCompatible(handleType);
        }
    }

    private record Registration(IoRegistration epoll) implements IoRegistration {

        @Override
        public long submit(IoOps ops) {
            boolean empty = ops instanceof EpollIoOps interest && interest.value() == 0;
            return epoll.submit(empty ? KEEP_REGISTERED : ops);
        }

        @Override
        public <T> T attachment() {
            return epoll.attachment();
        }

        @Override
        public boolean isValid() {
            return epoll.isValid();
        }

        @Override
        public boolean cancel() {
            return epoll.cancel();
        }
    }
}
