package dev.telltale.http2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;

/**
 * The inbound half of one stream: its request, read by Netty's HTTP/2 codec, goes on to the proxy
 * as the bytes of an HTTP/1.1 request, so that one reader judges every request, by the same rules and
 * limits, whatever protocol carried it. {@link Http1Request} writes the head; DATA frames follow as
 * they came, chunked when the request declared no length; trailers end the chunked body. A client that
 * resets the stream, or goes away, is told to the proxy as the {@link ClientStreamReset} it was.
 */
public final class StreamRequestBytes extends Http1Message {

    private final StreamResponseFrames response;

    public StreamRequestBytes(StreamResponseFrames response) {
        this.response = response;
    }

    @Override
    Throwable reset(long code) {
        return ClientStreamReset.reset(code);
    }

    @Override
    void head(ChannelHandlerContext ctx, Http2Headers headers, boolean endStream) {
        Http1Request head = Http1Request.of(headers, endStream);
        if (head.malformed() != null) {
            // RFC 9113 8.1.1: a malformed request is a stream error of type PROTOCOL_ERROR.
            body.end();
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR));
            return;
        }
        body.start(head.chunked(), endStream);
        response.expect(head.headMethod());
        ctx.fireChannelRead(head.write(ctx.alloc()));
    }

    /** A stream cut by its connection's close, after the client said GOAWAY: the log says so, with its code. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Long goAway = Http2ConnectionStage.clientGoAway(((Http2StreamChannel) ctx.channel()).parent());
        if (goAway != null && !response.ended()) {
            ctx.fireExceptionCaught(ClientStreamReset.goAway(goAway));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof Http2ResetFrame reset) {
            ctx.fireExceptionCaught(reset(reset.errorCode()));
        } else if (event instanceof Http2GoAwayFrame goAway) {
            long code = goAway.errorCode();
            goAway.release();
            ctx.fireExceptionCaught(ClientStreamReset.goAway(code));
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }
}
