package dev.telltale.upstream;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A descriptor's epoll interest going empty and then back to reading, as a paused and resumed
 * connection's does, on a real epoll set with a pipe: Netty's own handler loses the descriptor
 * (the defect {@link EpollInterestGuard} exists for), the guarded one keeps it and its events.
 */
class EpollInterestGuardTest {

    /** The read end of a pipe, counting the readable events it is handed. */
    private static final class PipeEnd implements EpollIoHandle {
        final FileDescriptor fd;
        final CountDownLatch readable = new CountDownLatch(1);

        PipeEnd(FileDescriptor fd) {
            this.fd = fd;
        }

        @Override
        public FileDescriptor fd() {
            return fd;
        }

        @Override
        public void handle(IoRegistration registration, IoEvent event) {
            if (((EpollIoOps) ((io.netty.channel.epoll.EpollIoEvent) event).ops()).contains(EpollIoOps.EPOLLIN)) {
                readable.countDown();
                registration.submit(EpollIoOps.NONE); // taken: stop asking (the pipe is not drained)
            }
        }

        @Override
        public void close() throws Exception {
            fd.close();
        }
    }

    /** What to check while the loop still runs. */
    @FunctionalInterface
    private interface Check {
        void run() throws Exception;
    }

    /** Reading wanted, then nothing, then reading again (what pausing and resuming a connection does); then {@code check}. */
    private static void pauseAndResume(IoHandlerFactory factory, PipeEnd end, Check check) throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, factory);
        try {
            IoEventLoop loop = (IoEventLoop) group.next();
            IoRegistration registration = loop.register(end).get(5, TimeUnit.SECONDS);
            loop.submit(() -> {
                registration.submit(EpollIoOps.EPOLLIN);
                registration.submit(EpollIoOps.NONE);
                registration.submit(EpollIoOps.EPOLLIN);
            }).get(5, TimeUnit.SECONDS);
            check.run();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void aResumedDescriptorStaysInTheEpollSetAndGetsItsEvents() throws Exception {
        assumeTrue(Epoll.isAvailable(), "native epoll is not available here");
        FileDescriptor[] pipe = FileDescriptor.pipe();
        PipeEnd end = new PipeEnd(pipe[0]);
        try {
            pauseAndResume(EpollInterestGuard.newFactory(), end, () -> {
                ByteBuffer one = ByteBuffer.allocateDirect(1).put((byte) 1).flip();
                pipe[1].write(one, 0, 1);
                assertThat(end.readable.await(5, TimeUnit.SECONDS))
                        .as("the resumed descriptor is told it is readable").isTrue();
            });
        } finally {
            pipe[0].close();
            pipe[1].close();
        }
    }

    @Test
    void nettysOwnHandlerStillLosesTheDescriptor() throws Exception {
        // When this fails, Netty has fixed the defect and EpollInterestGuard can go.
        assumeTrue(Epoll.isAvailable(), "native epoll is not available here");
        FileDescriptor[] pipe = FileDescriptor.pipe();
        try {
            assertThatThrownBy(() -> pauseAndResume(EpollIoHandler.newFactory(), new PipeEnd(pipe[0]), () -> { }))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("epoll_ctl")
                    .hasMessageContaining("No such file or directory");
        } finally {
            pipe[0].close();
            pipe[1].close();
        }
    }
}
