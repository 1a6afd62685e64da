package dev.telltale.upstream;

import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import io.netty.channel.Channel;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;

/** Whether an upstream reached over TLS agreed to HTTP/2 by ALPN, as {@code protocol: h2} needs. */
final class Http2Alpn {

    private Http2Alpn() {
    }

    /** Null when {@code channel} may speak HTTP/2 (no TLS, or ALPN chose h2); else why not, before any request byte. */
    static ExchangeFailure refusal(Channel channel, Target target) {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls == null || ApplicationProtocolNames.HTTP_2.equals(tls.applicationProtocol())) {
            return null;
        }
        String chosen = tls.applicationProtocol() == null ? "no protocol" : tls.applicationProtocol();
        return ExchangeFailure.beforeSending(Failure.HTTP_PROTOCOL_ERROR, Phase.TLS, "upstream " + target
                + " did not agree to HTTP/2 by ALPN (it chose " + chosen + "): it may speak HTTP/1.1 only;"
                + " set its protocol to http1, or turn HTTP/2 on there");
    }
}
