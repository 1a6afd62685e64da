package dev.telltale.proxy;

import dev.telltale.config.DetailLevel;
import dev.telltale.diagnostics.ErrorBody;
import dev.telltale.diagnostics.ErrorReport;
import dev.telltale.diagnostics.ProxyStatus;
import dev.telltale.diagnostics.RenderedError;
import dev.telltale.diagnostics.ResponseFormat;
import dev.telltale.diagnostics.RetryAdvice;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.net.InetAddress;

/**
 * The proxy's own answer when it cannot give the upstream's, and the one place it is written
 * to the client (by an exchange that failed and by the proxy's early answers alike): the explanatory
 * body in the format the client accepts, at the detail level it may see, with Proxy-Status,
 * the request ID, Cache-Control: no-store, and Retry-After for transient failures.
 */
final class ErrorResponses {

    /**
     * The names set here are constants or the request-ID header, which the config loader has
     * checked is a token; values are still validated, as they carry request data.
     */
    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory()
            .withNameValidation(false);

    /** The page has inline styles and nothing else: no script, no external asset may load. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

    private ErrorResponses() {
    }

    /**
     * Writes the answer to {@code report} to {@code client}, at the detail level its address may
     * see ({@code clientInet} may be null) and in the format {@code accept} asks for; to a HEAD
     * request ({@code headRequest}), the head alone, with the length the body would have.
     */
    static ChannelFuture write(Channel client, ProxyRuntime runtime, ErrorReport report, InetAddress clientInet,
                               String accept, boolean keepAlive, boolean headRequest, ChannelPromise promise) {
        DetailLevel level = runtime.detailPolicy().levelFor(clientInet);
        FullHttpResponse response = of(report, level, accept, runtime.config().requestId().header(), keepAlive);
        if (headRequest) {
            response.content().release();
            response = response.replace(Unpooled.EMPTY_BUFFER);
        }
        return client.writeAndFlush(response, promise);
    }

    static FullHttpResponse of(ErrorReport report, DetailLevel level, String accept, String requestIdHeader,
                               boolean keepAlive) {
        RenderedError body = ErrorBody.render(report, level, ResponseFormat.negotiate(accept));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(report.status()), Unpooled.wrappedBuffer(body.body()), HEADERS,
                DefaultHttpHeadersFactory.trailersFactory());
        HttpHeaders headers = response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, body.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.body().length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set(ProxyStatus.HEADER, ProxyStatus.format(report, level))
                .set(requestIdHeader, report.requestId())
                .set("content-security-policy", CONTENT_SECURITY_POLICY)
                .set("x-content-type-options", "nosniff");
        RetryAdvice.seconds(report).ifPresent(seconds -> headers.setInt(HttpHeaderNames.RETRY_AFTER, seconds));
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }
}
