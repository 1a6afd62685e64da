package dev.telltale.upstream;

import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TransportTest {

    @Test
    void nativeEpollIsUsedOnLinux() {
        // On Linux the end-to-end tests must really cover epoll, not silently fall back to NIO.
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"));
        assertThat(Epoll.isAvailable()).as("epoll unavailable: %s", Epoll.unavailabilityCause()).isTrue();
        assertThat(Transport.best().name()).isEqualTo("epoll");
    }
}
