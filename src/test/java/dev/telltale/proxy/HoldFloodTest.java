package dev.telltale.proxy;

import dev.telltale.testing.Ports;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.testing.RecordingUpstream;
import dev.telltale.upstream.HoldGate;
import dev.telltale.upstream.Transport;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flood while the app is down: the hold never takes more than its cap, the rest are answered
 * at once saying why, and bodies too large to hold are never buffered: the proxy's memory stays
 * flat while far more body bytes than that are offered.
 */
@Tag("socket")
class HoldFloodTest {

    private static final int CAP = 20;
    private static final int GETS = 150;
    private static final int POSTS = 40;
    private static final int POST_BODY = 1024 * 1024;

    @Test
    void aFloodNeverHoldsMoreThanTheCapAndLargeBodiesAreNotBuffered() throws Exception {
        int port = Ports.closed();
        ExecutorService clients = Executors.newFixedThreadPool(64);
        try (ProxyHarness proxy = ProxyHarness.start(Transport.best(), """
                upstreams:
                  app: { targets: ["127.0.0.1:%d"] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app,
                      retry: { hold: 60s, hold_max_requests: %d, hold_max_body: 64KiB } }
                """.formatted(port, CAP))) {
            HoldGate gate = proxy.server().runtime().upstreams().get("app").hold();
            AtomicInteger mostHeld = new AtomicInteger();
            AtomicBoolean watching = new AtomicBoolean(true);
            long directBefore = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
            AtomicInteger mostDirect = new AtomicInteger();
            Thread watcher = new Thread(() -> {
                while (watching.get()) {
                    mostHeld.accumulateAndGet(gate.held(), Math::max);
                    long direct = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory() - directBefore;
                    mostDirect.accumulateAndGet((int) Math.min(Integer.MAX_VALUE, direct / 1024), Math::max);
                    Thread.onSpinWait();
                }
            });
            watcher.start();

            List<CompletableFuture<RawResponse>> answers = new ArrayList<>();
            String body = "x".repeat(POST_BODY);
            for (int i = 0; i < GETS + POSTS; i++) {
                String request = i % 5 == 4 && i / 5 < POSTS
                        ? "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + POST_BODY + "\r\n\r\n" + body
                        : "GET /" + i + " HTTP/1.1\r\nHost: a\r\n\r\n";
                answers.add(CompletableFuture.supplyAsync(() -> exchange(proxy, request), clients));
            }
            // Everything beyond the cap is answered while the app is still down.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (answers.stream().filter(CompletableFuture::isDone).count() < GETS + POSTS - CAP) {
                assertThat(System.nanoTime()).as("the requests beyond the cap are answered").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(gate.held()).isEqualTo(CAP);

            try (RecordingUpstream app = new RecordingUpstream("app", port)) {
                Map<String, Integer> outcomes = new TreeMap<>();
                for (CompletableFuture<RawResponse> answer : answers) {
                    RawResponse response = answer.get(30, TimeUnit.SECONDS);
                    String why = response.status() == 200 ? "" : response.header("proxy-status")
                            .replaceAll(".*not held: ([^;\"]*).*", " $1");
                    outcomes.merge(response.status() + why, 1, Integer::sum);
                }
                watching.set(false);
                watcher.join();
                System.out.println("hold flood: " + outcomes + ", most held " + mostHeld + ", most direct memory "
                        + mostDirect + " KiB over " + (POSTS * POST_BODY / 1024) + " KiB of bodies offered");
                assertThat(mostHeld.get()).isEqualTo(CAP);
                assertThat(outcomes.get("200")).isEqualTo(CAP);
                assertThat(outcomes.keySet()).allMatch(k -> k.equals("200")
                        || k.contains("requests were already waiting for this upstream (retry.hold_max_requests)")
                        || k.contains("its body is larger than retry.hold_max_body (64KiB)"));
                assertThat(mostDirect.get()).as("KiB of direct memory in use at most").isLessThan(16 * 1024);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private static RawResponse exchange(ProxyHarness proxy, String request) {
        try (RawHttpClient client = proxy.client()) {
            return client.exchange(request);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
