package dev.telltale.proxy;

import dev.telltale.failure.Failure;
import dev.telltale.http1.DecoderLimits;
import dev.telltale.http1.RequestHead;
import dev.telltale.http1.Verdict;

/** Classifies a request the proxy will not forward because the client sent it wrong. */
final class ClientErrors {

    private ClientErrors() {
    }

    record Rejection(Failure failure, String detail) {
    }

    /** A head the reader refused: the sizes get their own status (414, 431), anything else is a 400 in the check's words. */
    static Rejection of(Verdict refused) {
        return switch (refused.violation()) {
            case START_LINE_TOO_LONG -> new Rejection(Failure.HTTP_REQUEST_TARGET_SIZE,
                    "request line is longer than " + DecoderLimits.MAX_START_LINE / 1024 + "KiB");
            case HEAD_TOO_LARGE -> new Rejection(Failure.HTTP_REQUEST_HEADER_SECTION_SIZE,
                    "request head exceeds listen.max_request_header_bytes");
            case TLS_RECORD, MALFORMED_HEAD, MALFORMED_BODY -> new Rejection(Failure.HTTP_REQUEST_ERROR,
                    refused.detail());
        };
    }

    /** A reason to reject a well-parsed head, or null; its syntax (one Host, say) was judged by the strict stage. */
    static String validate(RequestHead head) {
        if (!head.http10() && head.host() == null) {
            return "HTTP/1.1 request without a Host header";
        }
        String uri = head.uri();
        if (uri.isEmpty() || uri.charAt(0) != '/' && !uri.equals("*")) {
            return "request target must be a path (origin form)";
        }
        return null;
    }
}
