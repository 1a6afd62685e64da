package dev.telltale.proxy;

import dev.telltale.HotPathBenchmark;
import dev.telltale.accesslog.AccessLog;
import dev.telltale.config.ProxyConfig;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.ShopSite;
import dev.telltale.diagnostics.IncidentStore;
import dev.telltale.upstream.Upstream;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A browser's page request (13 headers, no request ID) turned into the head sent upstream:
 * what {@code ClientConnectionHandler.onRequestHead} and the {@code Exchange} constructor do to
 * it, in their order, except routing (see {@code RouterBenchmark}) and the access-log fields.
 * The headers are rewritten in place, so every operation starts from a fresh copy of the
 * decoded head, as the decoder hands it over; {@link #copyOnly} measures that copy alone, to be
 * subtracted.
 */
public class RequestHeadBenchmark extends HotPathBenchmark {

    private ProxyRuntime runtime;
    private HttpRequest decoded;
    private RouteConfig route;
    private InetAddress clientInet;
    /** Made once per connection by the client handler. */
    private String clientAddress;
    private String requestIdHeader;
    private boolean trustIncoming;

    @Setup
    public void setUp() throws UnknownHostException {
        ProxyConfig config = ShopSite.load();
        runtime = new ProxyRuntime(config, null, AccessLog.to(line -> { }), new IncidentStore(config.incidents()));
        decoded = BrowserTraffic.request(BrowserTraffic.BROWSER_ACCEPT);
        route = runtime.router().match(decoded.headers().get(HttpHeaderNames.HOST),
                Admission.pathOf(decoded.uri()));
        clientInet = InetAddress.getByName("203.0.113.7");
        clientAddress = clientInet.getHostAddress();
        requestIdHeader = config.requestId().header();
        trustIncoming = config.requestId().trustIncoming();
    }

    @Benchmark
    public HttpRequest copyOnly() {
        return freshHead();
    }

    @Benchmark
    public HttpRequest upstreamHead(Blackhole bh) {
        HttpRequest head = freshHead();
        String requestId = RequestIds.choose(head.headers().get(requestIdHeader), trustIncoming);
        ForwardedHeaders.ClientFacts client = new ForwardedHeaders.ClientFacts(clientAddress, clientInet,
                "http");
        RequestFacts facts = RequestFacts.of(head, requestId, client, System.nanoTime());
        bh.consume(ClientErrors.validate(head));
        Upstream upstream = runtime.upstream(route.upstream());
        return ForwardedHeaders.forRoute(facts, route, requestIdHeader, upstream.targets().get(0).toString());
    }

    private HttpRequest freshHead() {
        return new DefaultHttpRequest(decoded.protocolVersion(), decoded.method(), decoded.uri(),
                decoded.headers().copy());
    }
}
