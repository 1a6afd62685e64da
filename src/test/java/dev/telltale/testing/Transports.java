package dev.telltale.testing;

import dev.telltale.upstream.Transport;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;

import java.util.ArrayList;
import java.util.List;

/** The Netty transports available on this machine; end-to-end tests run once per transport. */
public final class Transports {

    /** For {@code @MethodSource(TRANSPORTS)}: an end-to-end test runs once per available transport. */
    public static final String TRANSPORTS = "dev.telltale.testing.Transports#available";

    private Transports() {
    }

    public static List<Transport> available() {
        List<Transport> transports = new ArrayList<>();
        transports.add(Transport.nio());
        if (Epoll.isAvailable()) {
            transports.add(Transport.epoll());
        }
        if (IoUring.isAvailable()) {
            transports.add(Transport.ioUring());
        }
        return transports;
    }
}
