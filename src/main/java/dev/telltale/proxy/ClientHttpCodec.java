package dev.telltale.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * The HTTP stage of a client connection: Netty's decoder for requests, and its encoder for the
 * proxy's own answers only. A relayed response is already bytes ({@link ClientResponseHead} and the
 * upstream's body) and passes the encoder untouched. Unlike Netty's server codec it keeps no queue
 * of request methods, which relayed responses would never take from: the proxy's own answers to a
 * HEAD request leave their body out themselves ({@link ErrorResponses}).
 */
final class ClientHttpCodec extends CombinedChannelDuplexHandler<HttpRequestDecoder, HttpResponseEncoder> {

    ClientHttpCodec(HttpDecoderConfig config) {
        init(new HttpRequestDecoder(config), new HttpResponseEncoder() {
            @Override
            public boolean acceptOutboundMessage(Object msg) throws Exception {
                return !(msg instanceof ByteBuf) && super.acceptOutboundMessage(msg);
            }
        });
    }
}
