package dev.telltale.upstream;

import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.http2.UpstreamStreamFailure;

/** What only HTTP/2 can say of a failed stream, in the one vocabulary, for {@link WireFailures}. */
final class Http2StreamFailures {

    private Http2StreamFailures() {
    }

    /**
     * An HTTP/2 upstream ended the stream. A request it says it did not process (RST_STREAM
     * REFUSED_STREAM, or above a GOAWAY's last stream) may go again whatever its method: after a
     * graceful GOAWAY that is {@code stale_connection}, as for a pooled HTTP/1.1 connection closed as
     * the request went; after REFUSED_STREAM, {@code connection_refused}. An error GOAWAY, and the reset
     * codes that say the protocol broke, are {@code http_protocol_error}; the other reset codes
     * (CANCEL, INTERNAL_ERROR, ...) are {@code connection_terminated}. The code is in the detail.
     */
    static ExchangeFailure of(UpstreamStreamFailure stream, Phase phase) {
        String detail = stream.getMessage();
        if (!stream.processed()) {
            if (stream.kind() == UpstreamStreamFailure.Kind.RESET) {
                return ExchangeFailure.beforeSending(Failure.CONNECTION_REFUSED, phase,
                        detail + ": it did not process the request");
            }
            Failure failure = stream.graceful() ? Failure.STALE_CONNECTION : Failure.HTTP_PROTOCOL_ERROR;
            return ExchangeFailure.beforeSending(failure, phase, detail + ": it did not process the request")
                    .asLeftUnread();
        }
        boolean protocol = stream.kind() == UpstreamStreamFailure.Kind.GOAWAY || switch (stream.codeName()) {
            case "PROTOCOL_ERROR", "FLOW_CONTROL_ERROR", "FRAME_SIZE_ERROR", "COMPRESSION_ERROR", "STREAM_CLOSED",
                 "SETTINGS_TIMEOUT" -> true;
            default -> false;
        };
        return ExchangeFailure.afterSending(protocol ? Failure.HTTP_PROTOCOL_ERROR : Failure.CONNECTION_TERMINATED,
                phase, detail + " during " + phase.wireName());
    }
}
