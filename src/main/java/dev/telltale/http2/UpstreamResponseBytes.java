package dev.telltale.http2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.AsciiString;

import java.nio.charset.StandardCharsets;

/**
 * The inbound half of a stream to an HTTP/2 upstream: its response, read by Netty's codec, goes on
 * as the bytes of the HTTP/1.1 response that means the same, to the reader every upstream response
 * meets (with the route's limits). The head gets its status line; a body without a Content-Length
 * is chunked, and trailers (gRPC's status) end it as the last chunk's fields. A reset, or a GOAWAY
 * that leaves the stream unprocessed, goes on as the {@link UpstreamStreamFailure} it was.
 */
public final class UpstreamResponseBytes extends Http1Message {

    private static final AsciiString CONTENT_LENGTH = AsciiString.cached("content-length");
    private static final byte[] CRLF = {'\r', '\n'};


    @Override
    Throwable reset(long code) {
        return UpstreamStreamFailure.reset(code);
    }

    @Override
    void head(ChannelHandlerContext ctx, Http2Headers headers, boolean endStream) {
        int status = statusOf(headers);
        boolean interim = status >= 100 && status < 200;
        ByteBuf out = ctx.alloc().buffer(256);
        HttpResponseStatus line = HttpResponseStatus.valueOf(status);
        out.writeCharSequence("HTTP/1.1 ", StandardCharsets.US_ASCII);
        out.writeCharSequence(line.codeAsText(), StandardCharsets.US_ASCII);
        out.writeByte(' ');
        out.writeCharSequence(line.reasonPhrase(), StandardCharsets.US_ASCII);
        out.writeBytes(CRLF);
        Http1Body.fields(out, headers);
        if (!interim) {
            boolean hasLength = headers.contains(CONTENT_LENGTH);
            boolean chunked = !endStream && !hasLength;
            if (endStream && !hasLength && status != 204 && status != 304) {
                out.writeCharSequence("content-length: 0\r\n", StandardCharsets.US_ASCII);
            } else if (chunked) {
                out.writeCharSequence("transfer-encoding: chunked\r\n", StandardCharsets.US_ASCII);
            }
            body.start(chunked, endStream);
        }
        out.writeBytes(CRLF);
        ctx.fireChannelRead(out);
    }

    /** The status, or 0 (which the reader refuses as a malformed head) when there is no usable one. */
    private static int statusOf(Http2Headers headers) {
        CharSequence status = headers.status();
        try {
            return status == null ? 0 : Integer.parseInt(status.toString());
        } catch (NumberFormatException notANumber) {
            return 0;
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof Http2ResetFrame reset) {
            ctx.fireExceptionCaught(reset(reset.errorCode()));
        } else if (event instanceof Http2GoAwayFrame goAway) {
            // Sent to the streams above the last one it names: the upstream did not act on them.
            long code = goAway.errorCode();
            goAway.release();
            Http2Connections.markGoingAway(((Http2StreamChannel) ctx.channel()).parent());
            ctx.fireExceptionCaught(UpstreamStreamFailure.goAway(code, false));
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // A connection that went away with an error GOAWAY: name it, rather than a plain close.
        Long goAway = body.ended() ? null
                : Http2Connections.errorGoAway(((Http2StreamChannel) ctx.channel()).parent());
        if (goAway != null) {
            ctx.fireExceptionCaught(UpstreamStreamFailure.goAway(goAway, true));
        }
        ctx.fireChannelInactive();
    }
}
