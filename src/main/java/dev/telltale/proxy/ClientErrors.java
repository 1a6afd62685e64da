package dev.telltale.proxy;

import dev.telltale.failure.Failure;
import dev.telltale.upstream.WireFailures;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

/** Classifies a request the proxy will not forward because the client sent it wrong. */
final class ClientErrors {

    private ClientErrors() {
    }

    record Rejection(Failure failure, String detail) {
    }

    static Rejection of(Throwable decoderFailure) {
        // The strict framing's own verdict, carried through the decoder result, is worded already.
        if (decoderFailure instanceof StrictRequestFraming.Refused refused) {
            return new Rejection(Failure.HTTP_REQUEST_ERROR, refused.getMessage());
        }
        WireFailures.Refusal refusal = WireFailures.ofRequestHead(decoderFailure);
        return new Rejection(refusal.failure(), refusal.detail());
    }

    /** A reason to reject a well-parsed head, or null; its syntax (one Host, say) was judged by the strict stage. */
    static String validate(HttpRequest head) {
        if (head.protocolVersion().equals(HttpVersion.HTTP_1_1) && !head.headers().contains(HttpHeaderNames.HOST)) {
            return "HTTP/1.1 request without a Host header";
        }
        String uri = head.uri();
        if (uri.isEmpty() || uri.charAt(0) != '/' && !uri.equals("*")) {
            return "request target must be a path (origin form)";
        }
        return null;
    }
}
