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
import dev.telltale.http1.RequestHead;
import dev.telltale.http1.RequestHeadCheck;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A browser's page request (13 headers, no request ID) from the client's bytes to the head sent
 * upstream, as bytes: what {@code ClientRequestReader}, {@code ClientConnectionHandler.onRequestHead}
 * and the {@code Exchange} do with it, in their order, except routing (see {@code RouterBenchmark})
 * and the access-log fields.
 */
public class RequestHeadBenchmark extends HotPathBenchmark {

    private ProxyRuntime runtime;
    private ByteBuf wire;
    private RouteConfig route;
    private InetAddress clientInet;
    /** Made once per connection by the client handler. */
    private String clientAddress;
    private String requestIdHeader;
    private boolean trustIncoming;
    private ByteBuf out;
    /** As the reader keeps it per connection: the last head's field count sizes the next table. */
    private int fieldsBefore = 8;

    @Setup
    public void setUp() throws UnknownHostException {
        ProxyConfig config = ShopSite.load();
        runtime = new ProxyRuntime(config, null, AccessLog.to(line -> { }), new IncidentStore(config.incidents()));
        wire = Unpooled.directBuffer().writeBytes(BrowserTraffic.requestBytes(BrowserTraffic.BROWSER_ACCEPT));
        RequestHead sample = BrowserTraffic.request(BrowserTraffic.BROWSER_ACCEPT);
        route = runtime.router().match(sample.host(), Admission.pathOf(sample.uri()));
        clientInet = InetAddress.getByName("203.0.113.7");
        clientAddress = clientInet.getHostAddress();
        requestIdHeader = config.requestId().header();
        trustIncoming = config.requestId().trustIncoming();
        out = Unpooled.directBuffer(2048);
    }

    @TearDown
    public void tearDown() {
        out.release();
        wire.release();
    }

    @Benchmark
    public ByteBuf upstreamHead(Blackhole bh) {
        out.clear();
        byte[] bytes = new byte[wire.readableBytes()]; // as the reader copies each head
        wire.getBytes(wire.readerIndex(), bytes);
        RequestHead decoded = RequestHeadCheck.check(bytes, bytes.length, fieldsBefore);
        fieldsBefore = Math.max(1, decoded.fieldCount());
        String requestId = RequestIds.choose(decoded.valueNamed(requestIdHeader), trustIncoming);
        ForwardedHeaders.ClientFacts client = new ForwardedHeaders.ClientFacts(clientAddress, clientInet,
                "http");
        RequestFacts facts = RequestFacts.of(decoded, requestId, client, System.nanoTime());
        bh.consume(ClientErrors.validate(decoded));
        Upstream upstream = runtime.upstream(route.upstream());
        ForwardedHeaders.writeForRoute(facts, route, requestIdHeader, upstream.targets().get(0).toString(), out);
        return out;
    }
}
