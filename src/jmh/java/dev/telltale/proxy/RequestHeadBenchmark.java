package dev.telltale.proxy;

import dev.telltale.HotPathBenchmark;
import dev.telltale.accesslog.AccessLog;
import dev.telltale.config.ProxyConfig;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.ShopSite;
import dev.telltale.diagnostics.IncidentStore;
import dev.telltale.upstream.Upstream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A browser's page request (13 headers, no request ID) turned into the head sent upstream, as
 * bytes: what {@code ClientConnectionHandler.onRequestHead} and the {@code Exchange} do with the
 * decoded head, in their order, except routing (see {@code RouterBenchmark}) and the access-log
 * fields. The decoded head is left as it came, so one serves every operation.
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
    private ByteBuf out;

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
        out = Unpooled.directBuffer(2048);
    }

    @TearDown
    public void tearDown() {
        out.release();
    }

    @Benchmark
    public ByteBuf upstreamHead(Blackhole bh) {
        out.clear();
        String requestId = RequestIds.choose(decoded.headers().get(requestIdHeader), trustIncoming);
        ForwardedHeaders.ClientFacts client = new ForwardedHeaders.ClientFacts(clientAddress, clientInet,
                "http");
        RequestFacts facts = RequestFacts.of(decoded, requestId, client, System.nanoTime());
        bh.consume(ClientErrors.validate(decoded));
        Upstream upstream = runtime.upstream(route.upstream());
        ForwardedHeaders.writeForRoute(facts, route, requestIdHeader, upstream.targets().get(0).toString(), out);
        return out;
    }
}
