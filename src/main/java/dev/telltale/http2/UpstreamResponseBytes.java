package dev.telltale.http2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The inbound half of a stream to an HTTP/2 upstream: its response, read by Netty's codec, goes on
 * as the bytes of the HTTP/1.1 response that means the same, to the reader every upstream response
 * meets (with the route's limits). The head gets its status line; a body without a Content-Length
 * is chunked, and trailers (gRPC's status) end it as the last chunk's fields. A reset, or a GOAWAY
 * that leaves the stream unprocessed, goes on as the {@link UpstreamStreamFailure} it was.
 */
public final class UpstreamResponseBytes extends ChannelInboundHandlerAdapter {

    private static final AsciiString CONTENT_LENGTH = AsciiString.cached("content-length");
    private static final byte[] CRLF = {'\r', '\n'};

    private boolean finalHeadSeen;
    private boolean chunked;
    private boolean ended;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2HeadersFrame frame) {
            onHeaders(ctx, frame.headers(), frame.isEndStream());
        } else if (msg instanceof Http2DataFrame frame) {
            onData(ctx, frame);
        } else if (msg instanceof Http2ResetFrame reset) {
            ctx.fireExceptionCaught(UpstreamStreamFailure.reset(reset.errorCode()));
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHeaders(ChannelHandlerContext ctx, Http2Headers headers, boolean endStream) {
        if (ended) {
            return;
        }
        if (finalHeadSeen) { // trailers
            ended = true;
            ctx.fireChannelRead(lastChunk(ctx, chunked ? headers : null));
            return;
        }
        int status = statusOf(headers);
        boolean interim = status >= 100 && status < 200;
        ByteBuf out = ctx.alloc().buffer(256);
        HttpResponseStatus line = HttpResponseStatus.valueOf(status);
        out.writeCharSequence("HTTP/1.1 ", StandardCharsets.US_ASCII);
        out.writeCharSequence(line.codeAsText(), StandardCharsets.US_ASCII);
        out.writeByte(' ');
        out.writeCharSequence(line.reasonPhrase(), StandardCharsets.US_ASCII);
        out.writeBytes(CRLF);
        fields(out, headers);
        if (!interim) {
            finalHeadSeen = true;
            ended = endStream;
            boolean hasLength = headers.contains(CONTENT_LENGTH);
            if (endStream && !hasLength && status != 204 && status != 304) {
                out.writeCharSequence("content-length: 0\r\n", StandardCharsets.US_ASCII);
            } else if (!endStream && !hasLength) {
                chunked = true;
                out.writeCharSequence("transfer-encoding: chunked\r\n", StandardCharsets.US_ASCII);
            }
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

    /** The regular fields as HTTP/1.1 lines; the codec has checked their names and values. */
    private static void fields(ByteBuf out, Http2Headers headers) {
        for (Map.Entry<CharSequence, CharSequence> field : headers) {
            CharSequence name = field.getKey();
            if (name.length() > 0 && name.charAt(0) != ':' && Http1Request.safeField(name, field.getValue())) {
                out.writeCharSequence(name, StandardCharsets.US_ASCII);
                out.writeByte(':').writeByte(' ');
                out.writeCharSequence(field.getValue(), StandardCharsets.ISO_8859_1);
                out.writeBytes(CRLF);
            }
        }
    }

    private void onData(ChannelHandlerContext ctx, Http2DataFrame frame) {
        if (ended || !finalHeadSeen) {
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

    /** The last chunk, with {@code trailers} as its fields; nothing for a body with a length. */
    private ByteBuf lastChunk(ChannelHandlerContext ctx, Http2Headers trailers) {
        if (!chunked) {
            return ctx.alloc().buffer(0); // trailers after a body with a length have no HTTP/1.1 form
        }
        ByteBuf out = ctx.alloc().buffer(64);
        out.writeByte('0').writeBytes(CRLF);
        if (trailers != null) {
            fields(out, trailers);
        }
        return out.writeBytes(CRLF);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof Http2ResetFrame reset) {
            ctx.fireExceptionCaught(UpstreamStreamFailure.reset(reset.errorCode()));
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
        Long goAway = ended ? null : Http2Connections.errorGoAway(((Http2StreamChannel) ctx.channel()).parent());
        if (goAway != null) {
            ctx.fireExceptionCaught(UpstreamStreamFailure.goAway(goAway, true));
        }
        ctx.fireChannelInactive();
    }
}
