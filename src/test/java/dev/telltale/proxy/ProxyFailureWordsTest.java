package dev.telltale.proxy;

import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.upstream.WireFailures;
import io.netty.channel.ConnectTimeoutException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.SocketException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request path names what the wire said by asking {@link WireFailures}, as the health probes
 * do ({@code ProbeFailureWordsTest} checks their side): a reset, a refusal and a timeout alike.
 */
class ProxyFailureWordsTest {

    @Test
    void aResetARefusalAndATimeoutAreTheClassifiersAnswer() {
        SocketException reset = new SocketException("Connection reset");
        assertThat(ResponseFailures.of(reset, Phase.RESPONSE_HEAD, false))
                .isEqualTo(WireFailures.ofExchange(reset, Phase.RESPONSE_HEAD, false))
                .extracting(ExchangeFailure::failure).isEqualTo(Failure.CONNECTION_TERMINATED);
        assertThat(ResponseFailures.of(reset, Phase.REQUEST, true).failure()).isEqualTo(Failure.STALE_CONNECTION);
        ConnectException refused = new ConnectException("Connection refused");
        assertThat(ResponseFailures.ofConnect(refused))
                .isEqualTo(WireFailures.ofExchange(refused, Phase.CONNECT, false))
                .extracting(ExchangeFailure::failure).isEqualTo(Failure.CONNECTION_REFUSED);
        ConnectTimeoutException timedOut = new ConnectTimeoutException("connection timed out");
        assertThat(ResponseFailures.ofConnect(timedOut))
                .isEqualTo(WireFailures.ofExchange(timedOut, Phase.CONNECT, false))
                .extracting(ExchangeFailure::failure).isEqualTo(Failure.CONNECTION_TIMEOUT);
        assertThat(ResponseFailures.ofClose(Phase.RESPONSE_BODY, false))
                .isEqualTo(WireFailures.ofClose(Phase.RESPONSE_BODY, false));
    }
}
