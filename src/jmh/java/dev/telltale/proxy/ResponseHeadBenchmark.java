package dev.telltale.proxy;

import dev.telltale.HotPathBenchmark;
import dev.telltale.config.ProxyConfig;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.ShopSite;
import dev.telltale.http1.ResponseHead;
import dev.telltale.http1.ResponseReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The app's response head (10 fields, keep-alive with a timeout hint) from the upstream's bytes
 * to the client's, as {@code UpstreamHandler} and {@code ResponseRelay} take it: judged and read
 * once ({@link ResponseReader}), its limits and framing decided, and written out with the
 * proxy's edits ({@link ClientResponseHead}). Run with {@code -prof gc} for the head path's garbage.
 */
public class ResponseHeadBenchmark extends HotPathBenchmark {

    private final ResponseReader reader = new ResponseReader(32 * 1024);
    private ByteBuf wire;
    private ByteBuf out;
    private RouteConfig route;
    private String requestIdHeader;
    private String requestId;

    @Setup
    public void setUp() {
        ProxyConfig config = ShopSite.load();
        wire = Unpooled.directBuffer().writeBytes(BrowserTraffic.responseBytes());
        out = Unpooled.directBuffer(1024);
        route = ShopSite.route(config, "shop");
        requestIdHeader = config.requestId().header();
        requestId = RequestIds.generate();
    }

    @TearDown
    public void tearDown() {
        wire.release();
        out.release();
    }

    @Benchmark
    public ByteBuf clientHead(Blackhole bh) {
        wire.readerIndex(0);
        out.clear();
        reader.expect(false, false);
        if (reader.next(wire) != ResponseReader.Step.HEAD) {
            throw new IllegalStateException("the head was not read: " + reader.verdict());
        }
        ResponseHead head = reader.head();
        bh.consume(ResponseFailures.declaredTooLarge(head.contentLength(), route));
        bh.consume(head.keepAlive());
        bh.consume(KeepAliveHint.nanos(head));
        ClientResponseHead.write(head, ClientResponseHead.Kind.FINAL, ClientResponseHead.Framing.of(head, true, false,
                true), requestIdHeader, requestId, out);
        return out;
    }
}
