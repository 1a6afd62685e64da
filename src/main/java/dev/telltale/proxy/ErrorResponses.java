package dev.telltale.proxy;

import dev.telltale.config.DetailLevel;
import dev.telltale.diagnostics.ErrorBody;
import dev.telltale.diagnostics.ErrorReport;
import dev.telltale.diagnostics.GrpcStatus;
import dev.telltale.diagnostics.ProxyStatus;
import dev.telltale.diagnostics.RenderedError;
import dev.telltale.diagnostics.ResponseFormat;
import dev.telltale.diagnostics.RetryAdvice;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.net.InetAddress;
import java.util.OptionalInt;

/**
 * The proxy's own answer when it cannot give the upstream's, and the one place it is written
 * to the client (by an exchange that failed and by the proxy's early answers alike): the explanatory
 * body in the format the client accepts, at the detail level it may see, with Proxy-Status,
 * the request ID, Cache-Control: no-store, and Retry-After for transient failures. Written as
 * bytes, head and body in one buffer: a failure storm makes one of these per failure.
 */
final class ErrorResponses {

    /** The page has inline styles and nothing else: no script, no external asset may load. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

    private static final int HEAD_ROOM = 512;

    private ErrorResponses() {
    }

    /**
     * Writes the answer to {@code report} to {@code client}, at the detail level its address may
     * see ({@code clientInet} may be null) and in the format {@code accept} asks for; to a HEAD
     * request ({@code headRequest}), the head alone, with the length the body would have.
     */
    static ChannelFuture write(Channel client, ProxyRuntime runtime, ErrorReport report, InetAddress clientInet,
                               String accept, boolean grpc, boolean keepAlive, boolean headRequest,
                               ChannelPromise promise) {
        DetailLevel level = runtime.detailPolicy().levelFor(clientInet);
        String requestIdHeader = runtime.config().requestId().header();
        ByteBuf response = grpc ? grpc(client.alloc(), report, level, requestIdHeader, keepAlive)
                : of(client.alloc(), report, level, accept, requestIdHeader, keepAlive, headRequest);
        return client.writeAndFlush(response, promise);
    }

    /**
     * The answer to a gRPC request ({@code grpc}: its content type is {@code application/grpc...}): a
     * gRPC client reads no page, so the error goes as gRPC's trailers-only response: status 200, no
     * body, and {@code grpc-status} and {@code grpc-message} ({@link GrpcStatus}) among the headers,
     * beside Proxy-Status and the request ID as always. Over HTTP/2 it is one HEADERS frame that ends
     * the stream.
     */
    static ByteBuf grpc(ByteBufAllocator alloc, ErrorReport report, DetailLevel level, String requestIdHeader,
                        boolean keepAlive) {
        ByteBuf out = alloc.buffer(HEAD_ROOM * 2);
        ByteBufUtil.writeAscii(out, "HTTP/1.1 200 OK");
        out.writeBytes(HeadLines.CRLF);
        HeadLines.field(out, "content-type", "application/grpc");
        HeadLines.field(out, "grpc-status", Integer.toString(GrpcStatus.of(report.failure(), report.phase()).code()));
        HeadLines.field(out, "grpc-message", GrpcStatus.message(report, level));
        HeadLines.field(out, "content-length", "0");
        HeadLines.field(out, "cache-control", "no-store");
        HeadLines.field(out, ProxyStatus.HEADER, ProxyStatus.format(report, level));
        HeadLines.field(out, requestIdHeader, report.requestId());
        if (!keepAlive) {
            HeadLines.field(out, "connection", "close");
        }
        return out.writeBytes(HeadLines.CRLF);
    }

    /**
     * The gRPC status of a failure after the response head went out, as the trailer section that ends
     * the body: {@code grpc-status}, {@code grpc-message} and Proxy-Status, at the detail level
     * {@code clientInet} may see.
     */
    static String grpcTrailers(ProxyRuntime runtime, ErrorReport report, InetAddress clientInet) {
        DetailLevel level = runtime.detailPolicy().levelFor(clientInet);
        return "grpc-status: " + GrpcStatus.of(report.failure(), report.phase()).code() + "\r\n"
                + "grpc-message: " + GrpcStatus.message(report, level) + "\r\n"
                + ProxyStatus.HEADER + ": " + ProxyStatus.format(report, level) + "\r\n\r\n";
    }

    /**
     * The whole response as bytes, its fields written as every field the proxy makes is
     * ({@link HeadLines#field}). The names are constants or the request-ID header, which the
     * config loader has checked is a token; the values are printable ASCII by construction
     * (Proxy-Status is an sf-string, a request ID is checked before it is kept).
     */
    static ByteBuf of(ByteBufAllocator alloc, ErrorReport report, DetailLevel level, String accept,
                      String requestIdHeader, boolean keepAlive, boolean headRequest) {
        RenderedError body = ErrorBody.render(report, level, ResponseFormat.negotiate(accept));
        byte[] bytes = body.body();
        ByteBuf out = alloc.buffer(HEAD_ROOM + (headRequest ? 0 : bytes.length));
        HttpResponseStatus status = HttpResponseStatus.valueOf(report.status());
        ByteBufUtil.writeAscii(out, "HTTP/1.1 ");
        ByteBufUtil.writeAscii(out, status.codeAsText());
        out.writeByte(' ');
        ByteBufUtil.writeAscii(out, status.reasonPhrase());
        out.writeBytes(HeadLines.CRLF);
        HeadLines.field(out, "content-type", body.contentType());
        HeadLines.field(out, "content-length", Integer.toString(bytes.length));
        HeadLines.field(out, "cache-control", "no-store");
        HeadLines.field(out, ProxyStatus.HEADER, ProxyStatus.format(report, level));
        HeadLines.field(out, requestIdHeader, report.requestId());
        HeadLines.field(out, "content-security-policy", CONTENT_SECURITY_POLICY);
        HeadLines.field(out, "x-content-type-options", "nosniff");
        OptionalInt retryAfter = RetryAdvice.seconds(report);
        if (retryAfter.isPresent()) {
            HeadLines.field(out, "retry-after", Integer.toString(retryAfter.getAsInt()));
        }
        if (!keepAlive) {
            HeadLines.field(out, "connection", "close");
        }
        out.writeBytes(HeadLines.CRLF);
        if (!headRequest) {
            out.writeBytes(bytes);
        }
        return out;
    }
}
