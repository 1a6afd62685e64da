package dev.telltale.proxy;

import dev.telltale.HotPathBenchmark;
import dev.telltale.accesslog.AccessLog;
import dev.telltale.config.DetailLevel;
import dev.telltale.config.ProxyConfig;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.ShopSite;
import dev.telltale.diagnostics.ErrorReport;
import dev.telltale.diagnostics.IncidentStore;
import dev.telltale.upstream.RefusedConnect;
import dev.telltale.upstream.Transport;
import dev.telltale.http1.RequestHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A page request whose three targets all refuse, from the first refused connect to the 502 the
 * client gets: three classifications, the retry decisions, the targets' failure counts, the
 * access-log line (queued for the log's writer thread, which encodes it into a discarding file),
 * the incident (kept in the store) and the page: what the event loop pays for a failure that
 * should cost about what a success does. Only the sockets are left out.
 */
public class FailedExchangeBenchmark extends HotPathBenchmark {

    /** A browser gets the page, curl the short text. */
    @Param({"html", "text"})
    public String format;

    private ProxyRuntime runtime;
    private RequestHead head;
    private RouteConfig route;
    private Throwable refused;
    private AccessLog accessLog;
    private ForwardedHeaders.ClientFacts client;
    private String requestIdHeader;

    @Setup
    public void setUp() throws UnknownHostException {
        ProxyConfig config = ShopSite.load();
        // The production writer, so the event loop pays only the hand-off, as it does in the proxy.
        accessLog = AccessLog.open("/dev/null");
        runtime = new ProxyRuntime(config, null, accessLog, new IncidentStore(config.incidents()));
        head = BrowserTraffic.request(format.equals("html") ? BrowserTraffic.BROWSER_ACCEPT : "*/*");
        route = runtime.router().match(head.host(), Admission.pathOf(head.uri()));
        refused = RefusedConnect.cause(Transport.best());
        InetAddress inet = InetAddress.getByName("203.0.113.7");
        client = new ForwardedHeaders.ClientFacts(inet.getHostAddress(), inet, "http");
        requestIdHeader = config.requestId().header();
        ErrorReport report = FailedExchanges.refusedByEveryTarget(runtime, head, route, refused, client);
        if (report.attempts().size() != 3 || !report.failure().wireName().equals("connection_refused")) {
            throw new IllegalStateException("expected three refused attempts: " + report);
        }
    }

    @Benchmark
    public void refusedByEveryTarget(Blackhole bh) {
        ErrorReport report = FailedExchanges.refusedByEveryTarget(runtime, head, route, refused, client);
        DetailLevel level = runtime.detailPolicy().levelFor(client.inet());
        ByteBuf response = ErrorResponses.of(ByteBufAllocator.DEFAULT, report, level, head.value("accept"),
                requestIdHeader, true, false);
        bh.consume(response);
        response.release();
    }

    @TearDown
    public void tearDown() {
        accessLog.close();
    }
}
