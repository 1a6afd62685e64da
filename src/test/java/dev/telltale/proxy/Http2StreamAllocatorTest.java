package dev.telltale.proxy;

import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawH2Client;
import dev.telltale.testing.ScriptedHttp2Upstream;
import dev.telltale.upstream.Transport;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An HTTP/2 stream's buffers come from the allocator its connection was given, on both sides.
 * Netty makes a stream channel with its default allocator (in 4.2 the adaptive one, not the pooled
 * one the proxy runs on): two allocators side by side cost the proxy memory, and under h2load the
 * adaptive one's buffers cost 15% of its requests per second.
 */
@Tag("socket")
class Http2StreamAllocatorTest {

    /** Delegates to a pooled allocator, and notes which of the proxy's classes asked for each buffer. */
    private static final class CallerNotingAllocator extends AbstractByteBufAllocator {
        private final PooledByteBufAllocator pooled = new PooledByteBufAllocator(true);
        final Set<String> callers = ConcurrentHashMap.newKeySet();

        CallerNotingAllocator() {
            super(true);
        }

        /** The nearest of the proxy's classes on the stack: the one that asked. */
        private void note() {
            StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                            .filter(name -> name.startsWith("dev.telltale.")
                                    && !name.startsWith(Http2StreamAllocatorTest.class.getName()))
                            .findFirst())
                    .ifPresent(callers::add);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            note();
            return pooled.heapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            note();
            return pooled.directBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return true;
        }
    }

    @Test
    void aStreamOnEitherSideAllocatesFromItsConnectionsAllocator() throws Exception {
        CallerNotingAllocator allocator = new CallerNotingAllocator();
        ProxyServer.Options options = new ProxyServer.Options(Transport.best(), 1,
                DnsServerAddressStreamProviders.platformDefault(), allocator);
        try (ScriptedHttp2Upstream upstream = new ScriptedHttp2Upstream(
                (stream, n) -> ScriptedHttp2Upstream.ok(stream, "hello"));
             ProxyHarness proxy = ProxyHarness.startWhole(options, """
                     listen:
                       address: 127.0.0.1
                       port: 0
                       http2: { cleartext: true }
                     upstreams:
                       app: { targets: [ "%s" ], protocol: h2c }
                     routes:
                       - { name: web, match: { path_prefix: / }, upstream: app }
                     """.formatted(upstream.target()));
             RawH2Client client = new RawH2Client(proxy.port())) {
            client.get(1, "/item");
            client.flush();
            List<RawH2Client.Frame> answer = client.readUntil(frame -> frame.stream() == 1 && frame.endStream(), 5_000);
            assertThat(answer).filteredOn(frame -> frame.stream() == 1).first()
                    .satisfies(head -> assertThat(head.fields()).containsEntry(":status", "200"));
            assertThat(allocator.callers).as("the client's stream wrote its request head with it")
                    .contains("dev.telltale.http2.Http1Request");
            assertThat(allocator.callers).as("the upstream's stream wrote its response head with it")
                    .contains("dev.telltale.http2.UpstreamResponseBytes");
        }
    }
}
