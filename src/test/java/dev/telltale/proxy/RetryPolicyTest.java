package dev.telltale.proxy;

import dev.telltale.config.RetryConfig;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    private static final RetryConfig DEFAULTS = RetryConfig.DEFAULTS;
    private static final ExchangeFailure RESET_AS_CONNECTED = ExchangeFailure.beforeSending(
            Failure.CONNECTION_TERMINATED, Phase.CONNECT, "connect to app:3000: connection reset by peer").asLeftUnread();
    private static final ExchangeFailure RESET_UNREAD = ExchangeFailure.afterSending(
            Failure.CONNECTION_TERMINATED, Phase.RESPONSE_HEAD, "upstream reset the connection").asLeftUnread();

    @Test
    void aRequestResetAsTcpConnectedGoesOnceMoreWhateverItsMethod() {
        assertThat(RetryPolicy.allows(DEFAULTS, false, false, RESET_AS_CONNECTED, 1, false))
                .as("a POST that never left").isTrue();
        assertThat(RetryPolicy.allows(DEFAULTS, false, true, RESET_AS_CONNECTED, 2, false))
                .as("the one replay was spent").isFalse();
    }

    @Test
    void aSentRequestTheUpstreamLeftUnreadGoesOnceMoreOnlyWhenIdempotent() {
        assertThat(RetryPolicy.allows(DEFAULTS, true, false, RESET_UNREAD, 1, false)).isTrue();
        assertThat(RetryPolicy.allows(DEFAULTS, false, false, RESET_UNREAD, 1, false))
                .as("a POST the app may have read").isFalse();
        assertThat(RetryPolicy.allows(DEFAULTS, true, false, RESET_UNREAD, 1, true))
                .as("its body was streamed and is gone").isFalse();
    }

    @Test
    void theReplayIsBoundToStaleConnection() {
        RetryConfig none = new RetryConfig(2, List.of(Failure.CONNECTION_REFUSED));
        assertThat(RetryPolicy.allows(none, false, false, RESET_AS_CONNECTED, 1, false)).isFalse();
    }
}
