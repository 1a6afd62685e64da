package dev.telltale.health;

import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.ExchangeFailureException;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.upstream.WireFailures;
import io.netty.channel.ConnectTimeoutException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.SocketException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A health probe names what the wire said as a request does: both ask {@link WireFailures}
 * ({@code ProxyFailureWordsTest} checks the request path's side).
 */
class ProbeFailureWordsTest {

    @Test
    void aResetIsNamedAndWordedAsOnTheRequestPath() {
        SocketException reset = new SocketException("Connection reset");
        assertSame(reset, Phase.RESPONSE_HEAD, Failure.CONNECTION_TERMINATED);
        assertThat(HealthProbe.failureOf(reset, Phase.RESPONSE_HEAD).detail())
                .isEqualTo("upstream reset the connection during response_head (connection reset by peer)");
    }

    @Test
    void aRefusalIsNamedAndWordedAsOnTheRequestPath() {
        assertSame(new ConnectException("Connection refused"), Phase.CONNECT, Failure.CONNECTION_REFUSED);
        ExchangeFailure refused = ExchangeFailure.beforeSending(Failure.CONNECTION_REFUSED, Phase.CONNECT,
                "connect to 127.0.0.1:1 refused");
        assertSame(new ExchangeFailureException(refused), Phase.CONNECT, Failure.CONNECTION_REFUSED);
    }

    @Test
    void aTimeoutIsNamedAndWordedAsOnTheRequestPath() {
        assertSame(new ConnectTimeoutException("connection timed out"), Phase.CONNECT, Failure.CONNECTION_TIMEOUT);
        assertSame(new ConnectException("Connection timed out"), Phase.CONNECT, Failure.CONNECTION_TIMEOUT);
        // Once connected, a socket whose retransmissions gave up is a connection that died.
        assertSame(new SocketException("Connection timed out"), Phase.RESPONSE_HEAD, Failure.CONNECTION_TERMINATED);
    }

    private static void assertSame(Throwable cause, Phase phase, Failure expected) {
        ExchangeFailure onTheRequestPath = WireFailures.ofExchange(cause, phase, false);
        ProbeResult ofTheProbe = HealthProbe.failureOf(cause, phase);
        assertThat(ofTheProbe.failure()).isEqualTo(expected).isEqualTo(onTheRequestPath.failure());
        assertThat(ofTheProbe.detail()).isEqualTo(onTheRequestPath.detail());
    }
}
