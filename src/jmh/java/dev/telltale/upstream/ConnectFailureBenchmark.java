package dev.telltale.upstream;

import dev.telltale.HotPathBenchmark;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.Failure;
import io.netty.channel.epoll.Epoll;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;


/**
 * A refused connect classified as {@code connection_refused}, from the exception each transport
 * really throws: epoll's carries the errno, NIO's only the JDK's message text.
 */
public class ConnectFailureBenchmark extends HotPathBenchmark {

    @Param({"epoll", "nio"})
    public String transport;

    private Throwable refused;
    private String target = "10.0.0.3:8080";

    @Setup
    public void setUp() {
        if (transport.equals("epoll") && !Epoll.isAvailable()) {
            throw new IllegalStateException("epoll is not available here; run with -p transport=nio");
        }
        refused = RefusedConnect.cause(transport.equals("epoll") ? Transport.epoll() : Transport.nio());
        Failure classified = refusedConnect().failure();
        if (classified != Failure.CONNECTION_REFUSED) {
            throw new IllegalStateException("classified as " + classified + ": " + refused);
        }
    }

    @Benchmark
    public ExchangeFailure refusedConnect() {
        return WireFailures.ofConnect(refused, target, RefusedConnect.SETTINGS);
    }
}
