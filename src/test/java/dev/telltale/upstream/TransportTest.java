package dev.telltale.upstream;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TransportTest {

    @Test
    void nativeEpollIsUsedOnLinux() {
        // On Linux the end-to-end tests must really cover epoll, not silently fall back to NIO.
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"));
        assertThat(Epoll.isAvailable()).as("epoll unavailable: %s", Epoll.unavailabilityCause()).isTrue();
        assertThat(Transport.best().name()).isEqualTo("epoll");
    }

    @Test
    void ioUringIsChosenOnlyByNameAndRefusedWithTheReasonWhereItCannotLoad() {
        // auto keeps epoll: io_uring was no faster here, and container runtimes often forbid it.
        assertThat(Transport.named("auto").name()).isNotEqualTo("io_uring");
        if (IoUring.isAvailable()) {
            assertThat(Transport.named("io_uring").name()).isEqualTo("io_uring");
        } else {
            assertThatThrownBy(() -> Transport.named("io_uring"))
                    .hasMessageStartingWith("transport io_uring is not available here: ");
        }
    }
}
