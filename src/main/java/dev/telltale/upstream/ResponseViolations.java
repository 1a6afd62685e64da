package dev.telltale.upstream;

import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.failure.UpstreamFailure;
import dev.telltale.http1.Verdict;

/** What the upstream side makes of a refused response: the failure of the exchange, after the request was sent. */
final class ResponseViolations {

    private ResponseViolations() {
    }

    /** The failure a verdict on a response names, or null when the response is acceptable. */
    static UpstreamFailure failureOf(Verdict verdict) {
        if (verdict.isOk()) {
            return null;
        }
        String detail = verdict.detail();
        return switch (verdict.violation()) {
            case TLS_RECORD -> head(Failure.TLS_PROTOCOL_ERROR, detail);
            case MALFORMED_HEAD -> head(Failure.HTTP_PROTOCOL_ERROR, detail);
            // Not found by the strict reading of responses today: the decoder enforces the head limit.
            case START_LINE_TOO_LONG, HEAD_TOO_LARGE -> head(Failure.HTTP_RESPONSE_HEADER_SECTION_SIZE, detail);
            case MALFORMED_BODY -> UpstreamFailure.afterSending(Failure.HTTP_RESPONSE_TRANSFER_CODING,
                    Phase.RESPONSE_BODY, "upstream sent a broken chunked body: " + detail);
        };
    }

    private static UpstreamFailure head(Failure failure, String detail) {
        return UpstreamFailure.afterSending(failure, Phase.RESPONSE_HEAD, detail);
    }
}
