package dev.telltale.upstream;

import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.http2.UpstreamStreamFailure;
import io.netty.handler.codec.http2.Http2Error;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Http2StreamFailuresTest {

    private static ExchangeFailure named(UpstreamStreamFailure failure) {
        return WireFailures.ofExchange(failure, Phase.RESPONSE_HEAD, true, false);
    }

    @Test
    void whatTheUpstreamSaysItDidNotProcessMayGoAgain() {
        ExchangeFailure refused = named(UpstreamStreamFailure.reset(Http2Error.REFUSED_STREAM.code()));
        assertThat(refused.failure()).isEqualTo(Failure.CONNECTION_REFUSED);
        assertThat(refused.requestSent()).isFalse();
        assertThat(refused.detail()).contains("RST_STREAM REFUSED_STREAM");

        ExchangeFailure graceful = named(UpstreamStreamFailure.goAway(Http2Error.NO_ERROR.code(), false));
        assertThat(graceful.failure()).isEqualTo(Failure.STALE_CONNECTION);
        assertThat(graceful.requestSent()).isFalse();
        assertThat(graceful.leftUnread()).as("the one replay, whatever the method").isTrue();

        ExchangeFailure errorUnprocessed = named(UpstreamStreamFailure.goAway(Http2Error.INTERNAL_ERROR.code(), false));
        assertThat(errorUnprocessed.failure()).isEqualTo(Failure.HTTP_PROTOCOL_ERROR);
        assertThat(errorUnprocessed.leftUnread()).isTrue();
    }

    @Test
    void aStreamEndedAfterTheUpstreamTookItIsNamedByItsCode() {
        ExchangeFailure cancel = named(UpstreamStreamFailure.reset(Http2Error.CANCEL.code()));
        assertThat(cancel.failure()).isEqualTo(Failure.CONNECTION_TERMINATED);
        assertThat(cancel.requestSent()).isTrue();
        assertThat(cancel.detail()).isEqualTo("upstream reset the stream (RST_STREAM CANCEL) during response_head");

        assertThat(named(UpstreamStreamFailure.reset(Http2Error.PROTOCOL_ERROR.code())).failure())
                .isEqualTo(Failure.HTTP_PROTOCOL_ERROR);
        assertThat(named(UpstreamStreamFailure.goAway(Http2Error.PROTOCOL_ERROR.code(), true)).detail())
                .contains("GOAWAY PROTOCOL_ERROR");
        assertThat(named(UpstreamStreamFailure.reset(0x42)).detail()).as("a code with no name").contains("0x42");
    }
}
