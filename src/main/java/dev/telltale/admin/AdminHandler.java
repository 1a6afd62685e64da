package dev.telltale.admin;

import dev.telltale.config.DetailLevel;
import dev.telltale.diagnostics.ErrorBody;
import dev.telltale.diagnostics.IncidentStore;
import dev.telltale.diagnostics.RenderedError;
import dev.telltale.diagnostics.ResponseFormat;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Answers the admin endpoints: {@code GET /healthz}; {@code /readyz} (the proxy's own readiness,
 * with its routes' state when {@code ?verbose}) and {@code /readyz/routes} (ready only when every
 * route has a target in rotation); {@code /metrics}; {@code /status}; and
 * {@code GET /incidents/{request_id}} with the full record of a proxy-made error (problem+json, or
 * the full-detail page by Accept).
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final String INCIDENTS = "/incidents/";

    private final IncidentStore incidents;
    private final Supplier<Readiness> readiness;
    private final AdminSources sources;

    AdminHandler(AdminSources sources) {
        this.sources = sources;
        this.incidents = sources.incidents();
        this.readiness = sources.readiness();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        FullHttpResponse response;
        if (!request.decoderResult().isSuccess()) {
            response = text(HttpResponseStatus.BAD_REQUEST, "malformed request\n");
        } else if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET\n");
        } else if (path.equals("/healthz")) {
            response = text(HttpResponseStatus.OK, "ok\n");
        } else if (path.equals("/readyz")) {
            Readiness state = readiness.get();
            response = ready(uri.parameters().containsKey("verbose") ? state : state.proxyOnly());
        } else if (path.equals("/readyz/routes")) {
            response = ready(readiness.get().everyRoute());
        } else if (path.equals("/metrics")) {
            response = response(HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8",
                    sources.metrics().get().getBytes(StandardCharsets.UTF_8));
        } else if (path.equals("/status")) {
            response = status(request.headers().get(HttpHeaderNames.ACCEPT));
        } else if (path.startsWith(INCIDENTS) && path.length() > INCIDENTS.length()) {
            response = incident(path.substring(INCIDENTS.length()), request.headers().get(HttpHeaderNames.ACCEPT));
        } else {
            response = text(HttpResponseStatus.NOT_FOUND,
                    "no such admin endpoint; try /healthz, /readyz, /readyz/routes, /metrics, /status or /incidents/{id}\n");
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        ctx.writeAndFlush(response).addListener(keepAlive
                ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
    }

    /** 200 {"ready":true} or 503 with the reasons, as JSON. */
    private static FullHttpResponse ready(Readiness state) {
        return response(state.ready() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                "application/json", StatusPage.json(state).getBytes(StandardCharsets.UTF_8));
    }

    /** The page for people; JSON when the client asks for JSON (and not for HTML). */
    private FullHttpResponse status(String accept) {
        StatusReport report = sources.status().get();
        if (ResponseFormat.negotiate(accept) == ResponseFormat.PROBLEM_JSON) {
            return response(HttpResponseStatus.OK, "application/json",
                    StatusPage.json(report).getBytes(StandardCharsets.UTF_8));
        }
        FullHttpResponse page = response(HttpResponseStatus.OK, "text/html; charset=utf-8",
                StatusPage.html(report).getBytes(StandardCharsets.UTF_8));
        page.headers().set("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'");
        return page;
    }

    private FullHttpResponse incident(String requestId, String accept) {
        return incidents.find(requestId).map(report -> {
            ResponseFormat format = ResponseFormat.negotiate(accept) == ResponseFormat.HTML
                    ? ResponseFormat.HTML : ResponseFormat.PROBLEM_JSON;
            RenderedError rendered = ErrorBody.render(report, DetailLevel.FULL, format);
            return response(HttpResponseStatus.OK, rendered.contentType(), rendered.body());
        }).orElseGet(() -> text(HttpResponseStatus.NOT_FOUND,
                "no incident is kept for that request ID (unknown, or older than incidents.max_age)\n"));
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        return response(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set("x-content-type-options", "nosniff");
        return response;
    }
}
