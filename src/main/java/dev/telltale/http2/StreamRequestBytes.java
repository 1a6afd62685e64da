package dev.telltale.http2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;

/**
 * The inbound half of one stream: its request, read by Netty's HTTP/2 codec, goes on to the proxy
 * as the bytes of an HTTP/1.1 request, so that one reader judges every request, by the same rules and
 * limits, whatever protocol carried it. {@link Http1Request} writes the head; DATA frames follow as
 * they came, chunked when the request declared no length; trailers end the chunked body. A client that
 * resets the stream, or goes away, is told to the proxy as the {@link ClientStreamReset} it was.
 */
public final class StreamRequestBytes extends ChannelInboundHandlerAdapter {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n'};

    private final StreamResponseFrames response;
    private boolean headSeen;
    /** The body goes chunked: the request declared no Content-Length. */
    private boolean chunked;
    private boolean ended;

    public StreamRequestBytes(StreamResponseFrames response) {
        this.response = response;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2HeadersFrame frame) {
            onHeaders(ctx, frame.headers(), frame.isEndStream());
        } else if (msg instanceof Http2DataFrame frame) {
            onData(ctx, frame);
        } else if (msg instanceof Http2ResetFrame reset) {
            ctx.fireExceptionCaught(ClientStreamReset.reset(reset.errorCode()));
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHeaders(ChannelHandlerContext ctx, Http2Headers headers, boolean endStream) {
        if (ended) {
            return;
        }
        if (headSeen) { // trailers: they end the body
            ended = true;
            if (chunked) {
                ctx.fireChannelRead(lastChunk(ctx, headers));
            }
            return;
        }
        headSeen = true;
        Http1Request head = Http1Request.of(headers, endStream);
        if (head.malformed() != null) {
            // RFC 9113 8.1.1: a malformed request is a stream error of type PROTOCOL_ERROR.
            ended = true;
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR));
            return;
        }
        chunked = head.chunked();
        ended = endStream;
        response.expect(head.headMethod());
        ctx.fireChannelRead(head.write(ctx.alloc()));
    }

    private void onData(ChannelHandlerContext ctx, Http2DataFrame frame) {
        if (ended || !headSeen) {
            frame.release();
            return;
        }
        ByteBuf content = frame.content();
        ended = frame.isEndStream();
        if (!chunked) {
            ctx.fireChannelRead(content);
            return;
        }
        if (content.isReadable()) {
            ByteBuf line = ctx.alloc().buffer(10);
            ByteBufUtil.writeAscii(line, Integer.toHexString(content.readableBytes()));
            line.writeBytes(CRLF);
            ctx.fireChannelRead(line);
            ctx.fireChannelRead(content);
            ctx.fireChannelRead(ctx.alloc().buffer(2).writeBytes(CRLF));
        } else {
            content.release();
        }
        if (ended) {
            ctx.fireChannelRead(lastChunk(ctx, null));
        }
    }

    /** The last chunk, with the trailers as its fields (their names and values checked by the codec). */
    private static ByteBuf lastChunk(ChannelHandlerContext ctx, Http2Headers trailers) {
        ByteBuf out = ctx.alloc().buffer(64);
        out.writeBytes(LAST_CHUNK);
        if (trailers != null) {
            for (var field : trailers) {
                if (Http1Request.safeField(field.getKey(), field.getValue())) {
                    out.writeCharSequence(field.getKey(), StandardCharsets.US_ASCII);
                    out.writeByte(':').writeByte(' ');
                    out.writeCharSequence(field.getValue(), StandardCharsets.ISO_8859_1);
                    out.writeBytes(CRLF);
                }
            }
        }
        return out.writeBytes(CRLF);
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
            ctx.fireExceptionCaught(ClientStreamReset.reset(reset.errorCode()));
        } else if (event instanceof Http2GoAwayFrame goAway) {
            long code = goAway.errorCode();
            goAway.release();
            ctx.fireExceptionCaught(ClientStreamReset.goAway(code));
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }
}
