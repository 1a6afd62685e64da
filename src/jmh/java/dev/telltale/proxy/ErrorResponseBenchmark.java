package dev.telltale.proxy;

import dev.telltale.HotPathBenchmark;
import dev.telltale.accesslog.AccessLog;
import dev.telltale.config.DetailLevel;
import dev.telltale.config.ProxyConfig;
import dev.telltale.config.ShopSite;
import dev.telltale.diagnostics.ErrorReport;
import dev.telltale.diagnostics.IncidentStore;
import dev.telltale.diagnostics.ResponseFormat;
import dev.telltale.upstream.RefusedConnect;
import dev.telltale.upstream.Transport;
import dev.telltale.http1.RequestHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The proxy's own response for a failed request, from its report: the detail level for the
 * client, the body in the negotiated format, {@code Proxy-Status} and the other headers.
 */
public class ErrorResponseBenchmark extends HotPathBenchmark {

    @Param({"connection_refused", "http_response_timeout"})
    public String failure;

    /** Chosen by the client's {@code Accept}: a browser's, an API client's, or curl's. */
    @Param({"html", "problem_json", "text"})
    public String format;

    /** Loopback is in the default trusted networks and sees full detail; a public address sees safe. */
    @Param({"safe", "full"})
    public String detail;

    private ProxyRuntime runtime;
    private RequestHead head;
    private ForwardedHeaders.ClientFacts client;
    private ErrorReport report;
    private String requestIdHeader;

    @Setup
    public void setUp() throws UnknownHostException {
        ProxyConfig config = ShopSite.load();
        runtime = new ProxyRuntime(config, null, AccessLog.to(line -> { }), new IncidentStore(config.incidents()));
        head = BrowserTraffic.request(switch (format) {
            case "html" -> BrowserTraffic.BROWSER_ACCEPT;
            case "problem_json" -> "application/json";
            default -> "*/*";
        });
        InetAddress inet = InetAddress.getByName(detail.equals("full") ? "127.0.0.1" : "203.0.113.7");
        client = new ForwardedHeaders.ClientFacts(inet.getHostAddress(), inet, "http");
        requestIdHeader = config.requestId().header();
        report = failure.equals("connection_refused")
                ? FailedExchanges.refusedByEveryTarget(runtime, head, ShopSite.route(config, "shop"),
                        RefusedConnect.cause(Transport.best()), client)
                : FailedExchanges.responseTimeout(runtime, head, ShopSite.route(config, "checkout"), client);
        check(report.failure().wireName(), failure);
        check(ResponseFormat.negotiate(head.value("accept")).name().toLowerCase(Locale.ROOT),
                format);
        check(runtime.detailPolicy().levelFor(client.inet()).name().toLowerCase(Locale.ROOT), detail);
    }

    @Benchmark
    public void errorResponse(Blackhole bh) {
        DetailLevel level = runtime.detailPolicy().levelFor(client.inet());
        ByteBuf response = ErrorResponses.of(ByteBufAllocator.DEFAULT, report, level, head.value("accept"),
                requestIdHeader, true, false);
        bh.consume(response);
        response.release();
    }

    private static void check(String actual, String expected) {
        if (!actual.equals(expected)) {
            throw new IllegalStateException("expected " + expected + ", the setup gives " + actual);
        }
    }
}
