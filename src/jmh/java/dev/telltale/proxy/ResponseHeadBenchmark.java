package dev.telltale.proxy;

import dev.telltale.HotPathBenchmark;
import dev.telltale.config.ProxyConfig;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.ShopSite;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;


/**
 * The app's response head (10 headers, keep-alive with a timeout hint) prepared for the client,
 * as {@code Exchange.onResponseHead} does it. The rewrite works in place, so every operation
 * starts from a fresh copy of the decoded head; {@link #copyOnly} measures that copy alone, to
 * be subtracted.
 */
public class ResponseHeadBenchmark extends HotPathBenchmark {

    private HttpResponse decoded;
    private RouteConfig route;
    private String requestIdHeader;
    private String requestId;

    @Setup
    public void setUp() {
        ProxyConfig config = ShopSite.load();
        decoded = BrowserTraffic.response();
        route = ShopSite.route(config, "shop");
        requestIdHeader = config.requestId().header();
        requestId = RequestIds.generate();
    }

    @Benchmark
    public HttpResponse copyOnly() {
        return freshHead();
    }

    @Benchmark
    public HttpResponse clientHead(Blackhole bh) {
        HttpResponse head = freshHead();
        bh.consume(ResponseFailures.declaredTooLarge(head, route));
        bh.consume(HttpUtil.isKeepAlive(head));
        bh.consume(KeepAliveHint.nanos(head));
        bh.consume(ForwardedHeaders.clientResponse(head, true, HttpVersion.HTTP_1_1, true, requestIdHeader,
                requestId, false));
        return head;
    }

    private HttpResponse freshHead() {
        return new DefaultHttpResponse(decoded.protocolVersion(), decoded.status(), decoded.headers().copy());
    }
}
